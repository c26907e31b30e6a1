import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { openHarness, waitForStatus, type Harness } from '../service/test-support/service-harness'
import { startRecordingServer, type RecordingServer } from '../service/test-support/recording-server'

let harness: Harness | undefined
let server: RecordingServer | undefined
afterEach(async () => {
  await harness?.close()
  await server?.close()
  harness = undefined
  server = undefined
})

const fastRetry = { maxAttempts: 3, initialDelay: '10ms', backoffFactor: 2, maxDelay: '1s' }

async function setUp(withExceptionPath: boolean) {
  server = await startRecordingServer()
  harness = await openHarness({ allowPrivateHosts: ['127.0.0.1'] })
  const nodes = [
    b.trigger('start'),
    b.step('call', {
      automate: { connector: { kind: 'http', method: 'POST', url: `${server.url}/call` }, retry: fastRetry },
    }),
    b.end('done'),
    ...(withExceptionPath ? [b.exception('call-failed', 'call'), b.end('gave-up', 'failed')] : []),
  ]
  const edges = [
    ...b.chain('start', 'call', 'done'),
    ...(withExceptionPath ? [b.edge('call-failed', 'gave-up')] : []),
  ]
  await harness.service.createWorkflow(b.workflow(nodes, edges))
  await harness.service.deploy('test-workflow')
  return harness.service
}

describe('failures', () => {
  it('retries with the same idempotency key, then takes the error path', async () => {
    const service = await setUp(true)
    server!.reply = () => ({ status: 503 })
    const { instance } = await service.startInstance({ workflowId: 'test-workflow' })
    const ended = await waitForStatus(service, instance.id, ['failed'])
    expect(ended.outcome).toBe('failed')
    expect(server!.requests).toHaveLength(3)
    expect(new Set(server!.requests.map((r) => r.idempotencyKey))).toEqual(new Set([`${instance.id}:call:1`]))
    expect(ended.history.filter((h) => h.type === 'retry').map((h) => h.detail?.attempt)).toEqual([1, 2])
  })

  it('does not retry what cannot succeed (a 4xx answer)', async () => {
    const service = await setUp(true)
    server!.reply = () => ({ status: 422 })
    const { instance } = await service.startInstance({ workflowId: 'test-workflow' })
    await waitForStatus(service, instance.id, ['failed'])
    expect(server!.requests).toHaveLength(1)
  })

  it('opens an incident when there is no exception path; operators retry, skip or cancel it', async () => {
    const service = await setUp(false)
    server!.reply = () => ({ status: 500 })
    const first = await service.startInstance({ workflowId: 'test-workflow' })
    await waitForStatus(service, first.instance.id, ['incident'])
    const [incident] = (await service.listIncidents({ instanceId: first.instance.id, status: 'open' })).items
    expect(incident).toMatchObject({ nodeId: 'call', attempts: 3, status: 'open' })
    expect(incident!.error).toContain('answered 500')

    server!.reply = () => ({ status: 200, body: { paid: true } })
    await service.retryIncident(incident!.id, 'user:ops')
    const done = await waitForStatus(service, first.instance.id, ['completed'])
    expect(done.data).toMatchObject({ paid: true })
    await expect(service.retryIncident(incident!.id)).rejects.toMatchObject({ code: 'conflict' })

    server!.reply = () => ({ status: 500 })
    const second = await service.startInstance({ workflowId: 'test-workflow' })
    await waitForStatus(service, second.instance.id, ['incident'])
    const [toSkip] = (await service.listIncidents({ instanceId: second.instance.id })).items
    await service.skipIncident(toSkip!.id, { result: { paid: 'by hand' } })
    expect((await waitForStatus(service, second.instance.id, ['completed'])).data).toMatchObject({
      paid: 'by hand',
    })

    const third = await service.startInstance({ workflowId: 'test-workflow' })
    await waitForStatus(service, third.instance.id, ['incident'])
    const [toCancel] = (await service.listIncidents({ instanceId: third.instance.id })).items
    expect(await service.cancelIncident(toCancel!.id)).toMatchObject({ status: 'cancelled' })
    expect((await service.getInstance(third.instance.id)).status).toBe('cancelled')
  })

  it('refuses to call private addresses that are not allow-listed', async () => {
    server = await startRecordingServer()
    harness = await openHarness()
    const { service } = harness
    await service.createWorkflow(
      b.workflow(
        [
          b.trigger('start'),
          b.step('call', { automate: { connector: { kind: 'http', url: `${server.url}/x` } } }),
          b.end('done'),
        ],
        b.chain('start', 'call', 'done'),
      ),
    )
    await service.deploy('test-workflow')
    const { instance } = await service.startInstance({ workflowId: 'test-workflow' })
    await waitForStatus(service, instance.id, ['incident'])
    const [incident] = (await service.listIncidents({ instanceId: instance.id })).items
    expect(incident!.error).toContain('private, loopback or link-local')
    expect(server.requests).toHaveLength(0)
  })

  it('stops a runaway expression with an incident and keeps serving', async () => {
    harness = await openHarness()
    const { service } = harness
    const runaway = '($f := function($n) { $n < 0 ? 0 : $f($n + 1) }; $f(0))'
    await service.createWorkflow(
      b.workflow(
        [
          b.trigger('start'),
          b.step('spin', { automate: { connector: { kind: 'transform', expression: runaway } } }),
          b.step('loop', {
            automate: { connector: { kind: 'transform', expression: '$sum([1..10000000])' } },
          }),
          b.end('done'),
        ],
        b.chain('start', 'spin', 'loop', 'done'),
      ),
    )
    await service.deploy('test-workflow')
    const { instance } = await service.startInstance({ workflowId: 'test-workflow' })
    await waitForStatus(service, instance.id, ['incident'])
    const [incident] = (await service.listIncidents({ instanceId: instance.id })).items
    expect(incident!.error).toMatch(/took too long \(time limit of 500 ms reached\)/)
    await service.skipIncident(incident!.id)
    await waitForStatus(service, instance.id, ['incident'])
    const open = (await service.listIncidents({ instanceId: instance.id, status: 'open' })).items
    expect(open[0]).toMatchObject({ nodeId: 'loop' })
    expect(open[0]!.error).toMatch(/limit reached|too many/)
    expect((await service.listWorkflows()).map((w) => w.id)).toEqual(['test-workflow'])
  })

  it('gives each attempt its time limit and takes the timeout path when every attempt ran out', async () => {
    server = await startRecordingServer()
    server.reply = () => ({ status: 200, delayMs: 400 })
    harness = await openHarness({ allowPrivateHosts: ['127.0.0.1'] })
    const { service } = harness
    await service.createWorkflow(
      b.workflow(
        [
          b.trigger('start'),
          b.step('slow', {
            automate: {
              connector: { kind: 'http', url: `${server.url}/slow` },
              timeout: '50ms',
              retry: { maxAttempts: 2, initialDelay: '10ms', backoffFactor: 1, maxDelay: '10ms' },
            },
          }),
          b.exception('too-slow', 'slow', 'timeout'),
          b.end('done'),
          b.end('timed-out', 'failed'),
        ],
        [...b.chain('start', 'slow', 'done'), b.edge('too-slow', 'timed-out')],
      ),
    )
    await service.deploy('test-workflow')
    const { instance } = await service.startInstance({ workflowId: 'test-workflow' })
    const ended = await waitForStatus(service, instance.id, ['failed'])
    expect(ended.activeNodes).toEqual(['timed-out'])
    expect(server.requests).toHaveLength(2)
    expect(ended.history.find((h) => h.type === 'failed')?.detail?.error).toMatch(/no answer .* within 50 ms/)
  })
})
