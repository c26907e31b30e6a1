import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { openHarness, waitForStatus, type Harness } from '../service/test-support/service-harness'
import { startRecordingServer, type RecordingServer } from '../service/test-support/recording-server'

let harness: Harness | undefined
let receiver: RecordingServer | undefined
afterEach(async () => {
  await harness?.close()
  await receiver?.close()
  harness = receiver = undefined
})

/** A workflow whose one step looks an order up at `path` on the receiver, deployed. */
async function lookUpAt(path: string) {
  receiver = await startRecordingServer()
  receiver.reply = () => ({ status: 200, body: { found: true } })
  harness = await openHarness({ allowPrivateHosts: ['127.0.0.1'] })
  const document = b.workflow(
    [
      b.trigger('start'),
      b.step('look-up', {
        automate: { connector: { kind: 'http', method: 'GET', url: `${receiver.url}${path}` } },
      }),
      b.end('done'),
      b.exception('not-found', 'look-up'),
      b.end('gave-up', 'failed'),
    ],
    [...b.chain('start', 'look-up', 'done'), b.edge('not-found', 'gave-up')],
  )
  await harness.service.createWorkflow(document)
  await harness.service.deploy('test-workflow')
  return harness.service
}

describe("an http step's address", () => {
  it("takes the item's values at its placeholders, each encoded as one path segment or query value", async () => {
    const service = await lookUpAt('/orders/{{order.id}}?customer={{ customer }}&n={{n}}')
    const input = { order: { id: 'A/17 ?x' }, customer: 'Zoë & Co', n: 3 }
    const { instance } = await service.startInstance({ workflowId: 'test-workflow', input })
    await waitForStatus(service, instance.id, ['completed'])
    expect(receiver!.requests.map((request) => request.path)).toEqual([
      '/orders/A%2F17%20%3Fx?customer=Zo%C3%AB%20%26%20Co&n=3',
    ])
  })

  it('fails the step without calling when a placeholder has no value, naming it', async () => {
    const service = await lookUpAt('/orders/{{orderId}}')
    const { instance } = await service.startInstance({ workflowId: 'test-workflow', input: { id: 7 } })
    const failed = await waitForStatus(service, instance.id, ['failed'])
    expect(receiver!.requests).toHaveLength(0)
    expect(JSON.stringify(failed.history)).toContain(
      "placeholder {{orderId}} has no value in this item's data",
    )
  })
})
