import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import {
  openHarness,
  waitForStatus,
  waitForTask,
  type Harness,
} from '../service/test-support/service-harness'

const hour = 3_600_000
let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

async function deployed(document: unknown) {
  harness = await openHarness()
  const { service } = harness
  await service.createWorkflow(document)
  const result = await service.deploy((document as { id: string }).id)
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics))
  return service
}

const approval = b.workflow(
  [
    b.trigger('start'),
    b.humanStep('approve', {
      human: { form: { fields: [{ id: 'ok', label: 'OK', type: 'boolean', required: true }] } },
    }),
    b.end('done'),
  ],
  b.chain('start', 'approve', 'done'),
)

const waitAnHour = b.workflow(
  [
    b.trigger('start'),
    b.step('wait', { automate: { connector: { kind: 'delay', duration: '1h' } } }),
    b.end('done'),
  ],
  b.chain('start', 'wait', 'done'),
)

describe('instances evicted from memory', () => {
  it('are loaded once when two reads ask for the same one at the same time', async () => {
    const service = await deployed(approval)
    const { instance } = await service.startInstance({ workflowId: 'test-workflow', input: { n: 7 } })
    await waitForTask(service, instance.id, 'approve')
    await service.engine.committed()
    expect(service.engine.live(instance.id)).toBeUndefined()

    const [one, two] = await Promise.all([service.engine.load(instance.id), service.engine.load(instance.id)])
    expect(one).toBeDefined()
    expect(two).toBe(one)
    expect(service.engine.live(instance.id)).toBe(one)
    expect(one).toMatchObject({ status: 'waiting', active: ['approve'], visits: { approve: 1 } })
  })

  it('take a task completed while evicted, and continue from their stored state', async () => {
    const service = await deployed(approval)
    const { instance } = await service.startInstance({ workflowId: 'test-workflow', input: { n: 7 } })
    const task = await waitForTask(service, instance.id, 'approve')
    await service.engine.committed()
    expect(service.engine.live(instance.id)).toBeUndefined()

    const completed = await service.completeTask(task.id, { data: { ok: true }, by: 'user:ana' })
    expect(completed).toMatchObject({ status: 'completed', completedBy: 'user:ana' })
    const done = await waitForStatus(service, instance.id, ['completed'])
    expect(done.data).toEqual({ n: 7, ok: true })
    expect(done.history.filter((h) => h.type === 'task.completed')).toHaveLength(1)
  })

  it('give one of two completions racing for the same task success and the other a conflict', async () => {
    const service = await deployed(approval)
    const { instance } = await service.startInstance({ workflowId: 'test-workflow' })
    const task = await waitForTask(service, instance.id, 'approve')
    await service.engine.committed()
    expect(service.engine.live(instance.id)).toBeUndefined()

    // Both read the task and load its instance before either takes the task's lock.
    const results = await Promise.allSettled([
      service.completeTask(task.id, { data: { ok: true }, by: 'user:ana' }),
      service.completeTask(task.id, { data: { ok: false }, by: 'user:bo' }),
    ])
    const fulfilled = results.filter((result) => result.status === 'fulfilled')
    const rejected = results.filter((result) => result.status === 'rejected')
    expect(fulfilled).toHaveLength(1)
    expect(rejected).toHaveLength(1)
    expect(rejected[0]!.reason).toMatchObject({ code: 'conflict', reason: 'task_closed' })
    const done = await waitForStatus(service, instance.id, ['completed'])
    expect(done.history.filter((h) => h.type === 'task.completed')).toHaveLength(1)
    expect(done.history.filter((h) => h.type === 'STEP_DONE' && h.nodeId === 'approve')).toHaveLength(1)
  })

  it('are loaded together when their timers fall due, and each timer fires once', async () => {
    const service = await deployed(waitAnHour)
    const started = await Promise.all(
      [1, 2, 3].map((n) => service.startInstance({ workflowId: 'test-workflow', input: { n } })),
    )
    const ids = started.map(({ instance }) => instance.id)
    for (const id of ids) await waitForStatus(service, id, ['waiting'])
    await service.engine.committed()
    for (const id of ids) expect(service.engine.live(id)).toBeUndefined()

    await harness!.advance(2 * hour)
    for (const id of ids) {
      const done = await waitForStatus(service, id, ['completed'])
      expect(done.history.filter((h) => h.type === 'STEP_DONE' && h.nodeId === 'wait')).toHaveLength(1)
    }
    // A tick after they finished finds nothing more to fire.
    await harness!.advance(2 * hour)
    await service.engine.committed()
    for (const id of ids) {
      const again = await service.getInstance(id)
      expect(again.history.filter((h) => h.type === 'STEP_DONE' && h.nodeId === 'wait')).toHaveLength(1)
    }
  })
})
