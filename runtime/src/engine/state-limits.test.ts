import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JsonLimitError } from '../limits/json-limits'
import { startRecordingServer, type RecordingServer } from '../service/test-support/recording-server'
import {
  openHarness,
  waitForStatus,
  waitForTask,
  type Harness,
} from '../service/test-support/service-harness'

let harness: Harness | undefined
let server: RecordingServer
beforeEach(async () => {
  server = await startRecordingServer()
  // Each call answers with another 900 KB field: `/copy-3` → `{ "copy3": "xxx…" }`.
  server.reply = (request) => ({
    status: 200,
    body: { [request.path.slice(1).replace('-', '')]: 'x'.repeat(900_000) },
  })
})
afterEach(async () => {
  await harness?.close()
  await server.close()
  harness = undefined
})

/** `count` calls in a row, each keeping another 900 KB answer, then `last`. */
function hoarder(count: number, last: ReturnType<typeof b.end> | ReturnType<typeof b.humanStep>) {
  const copies = Array.from({ length: count }, (_, i) => `copy-${i + 1}`)
  const calls = copies.map((id) =>
    b.step(id, { automate: { connector: { kind: 'http', url: `${server.url}/${id}` } } }),
  )
  const rest = last.type === 'end' ? [last] : [last, b.end('done')]
  return b.workflow(
    [b.trigger('start'), ...calls, ...rest],
    b.chain('start', ...copies, ...rest.map((node) => node.id)),
  )
}

async function deployed(document: ReturnType<typeof b.workflow>) {
  harness = await openHarness({ allowPrivateHosts: ['127.0.0.1'] })
  const { service } = harness
  await service.createWorkflow(document)
  const result = await service.deploy(document.id)
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics))
  return service
}

/** Polls the incident list, not the instance: reading megabytes of state every few ms would be the slow part. */
async function openIncidentOf(service: Harness['service'], instanceId: string) {
  const deadline = Date.now() + 60_000
  for (;;) {
    const [incident] = (await service.listIncidents({ instanceId, status: 'open' })).items
    if (incident) return incident
    if (Date.now() > deadline) throw new Error(`no incident opened on instance ${instanceId}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe("an instance's data is bounded as a whole (4 MiB)", () => {
  it('the step that would take it past the limit fails into an incident; the runtime goes on', async () => {
    const service = await deployed(hoarder(6, b.end('done')))
    const { instance } = await service.startInstance({ workflowId: 'test-workflow', input: {} })
    const incident = await openIncidentOf(service, instance.id)
    expect(incident.error).toMatch(/the instance's data would be larger than 4 MiB \(the limit\)/)
    expect(incident.nodeId).toBe('copy-5')
    const stored = await service.getInstance(instance.id)
    expect(Object.keys(stored.data)).toHaveLength(4)

    expect(service.health()).toMatchObject({ ok: true })
    await service.cancelIncident(incident.id)
    expect((await service.getInstance(instance.id)).status).toBe('cancelled')
    const next = await service.startInstance({ workflowId: 'test-workflow', input: {} })
    expect((await openIncidentOf(service, next.instance.id)).nodeId).toBe('copy-5')
  })

  it("a task's data the instance cannot hold is refused and the task stays open", async () => {
    const review = b.humanStep('review', {
      human: { form: { fields: [{ id: 'note', label: 'Note', type: 'text', required: false }] } },
    })
    const service = await deployed(hoarder(4, review))
    const { instance } = await service.startInstance({ workflowId: 'test-workflow', input: {} })
    const task = await waitForTask(service, instance.id, 'review')
    await expect(
      service.completeTask(task.id, { data: { note: 'z'.repeat(900_000) } }),
    ).rejects.toBeInstanceOf(JsonLimitError)
    expect((await service.getTask(task.id)).status).toBe('open')
    await service.completeTask(task.id, { data: { note: 'short' } })
    expect((await waitForStatus(service, instance.id, ['completed'])).data.note).toBe('short')
  })
})
