import { workflowBuilders as b } from '@conveyor/shared'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  openHarness,
  tempDataDir,
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

describe('timers', () => {
  it('fires a delay exactly once after a restart, from its absolute due time', async () => {
    const dataDir = tempDataDir()
    const before = await openHarness({}, dataDir)
    await before.service.createWorkflow(
      b.workflow(
        [
          b.trigger('start'),
          b.step('wait', { automate: { connector: { kind: 'delay', duration: '1h' } } }),
          b.end('done'),
        ],
        b.chain('start', 'wait', 'done'),
      ),
    )
    await before.service.deploy('test-workflow')
    const { instance } = await before.service.startInstance({ workflowId: 'test-workflow' })
    expect((await waitForStatus(before.service, instance.id, ['waiting'])).activeNodes).toEqual(['wait'])
    await before.service.close()

    harness = await openHarness({ now: () => Date.now() + 2 * hour }, dataDir)
    const done = await waitForStatus(harness.service, instance.id, ['completed'])
    expect(done.history.filter((h) => h.type === 'STEP_DONE' && h.nodeId === 'wait')).toHaveLength(1)
    await harness.advance(hour)
    const raw = new Database(join(dataDir, 'conveyor.db'), { readonly: true })
    const timers = raw.prepare('SELECT kind, status FROM timers WHERE instance_id = ?').all(instance.id)
    raw.close()
    expect(timers).toEqual([{ kind: 'delay', status: 'fired' }])
  })

  it('escalates a breached SLA to the named lane without interrupting the task', async () => {
    harness = await openHarness()
    const { service } = harness
    await service.createWorkflow(
      b.workflow(
        [
          b.trigger('start'),
          b.humanStep('approve', { sla: { within: '1h', escalateTo: 'managers' } }),
          b.end('done'),
        ],
        b.chain('start', 'approve', 'done'),
        {
          lanes: [
            { id: 'operations', name: 'Operations' },
            { id: 'managers', name: 'Managers' },
          ],
        },
      ),
    )
    await service.deploy('test-workflow')
    const { instance } = await service.startInstance({ workflowId: 'test-workflow' })
    const task = await waitForTask(service, instance.id, 'approve')
    expect(task.dueAt).toBeDefined()
    await harness.advance(2 * hour)
    await service.engine.committed()
    const escalated = await service.getTask(task.id)
    expect(escalated).toMatchObject({ status: 'open', lane: 'operations', escalatedTo: 'managers' })
    expect((await service.listTasks({ lane: 'managers' })).items.map((t) => t.id)).toEqual([task.id])
    await service.completeTask(task.id, { data: {} })
    await waitForStatus(service, instance.id, ['completed'])
    const metrics = await service.getWorkflowMetrics('test-workflow')
    expect(metrics.steps.approve).toMatchObject({ slaBreaches: 1, completed: 1, automationShare: 0 })
  })

  it('takes the timeout exception when an SLA without escalation is breached', async () => {
    harness = await openHarness()
    const { service } = harness
    await service.createWorkflow(
      b.workflow(
        [
          b.trigger('start'),
          b.humanStep('approve', { sla: { within: '30m' } }),
          b.exception('too-slow', 'approve', 'timeout'),
          b.end('done'),
          b.end('expired', 'cancelled'),
        ],
        [...b.chain('start', 'approve', 'done'), b.edge('too-slow', 'expired')],
      ),
    )
    await service.deploy('test-workflow')
    const { instance } = await service.startInstance({ workflowId: 'test-workflow' })
    const task = await waitForTask(service, instance.id, 'approve')
    await harness.advance(hour)
    const ended = await waitForStatus(service, instance.id, ['cancelled'])
    expect(ended.activeNodes).toEqual(['expired'])
    expect((await service.getTask(task.id)).status).toBe('cancelled')
    await expect(service.completeTask(task.id, { data: {} })).rejects.toMatchObject({ code: 'conflict' })
  })

  it('waits until the time an expression gives, and cancelling an instance closes its open work', async () => {
    harness = await openHarness()
    const { service } = harness
    await service.createWorkflow(
      b.workflow(
        [
          b.trigger('start'),
          b.step('wait', { automate: { connector: { kind: 'delay', until: 'remindAt' } } }),
          b.humanStep('call'),
          b.end('done'),
        ],
        b.chain('start', 'wait', 'call', 'done'),
      ),
    )
    await service.deploy('test-workflow')
    const remindAt = new Date(Date.now() + 3 * hour).toISOString()
    const { instance } = await service.startInstance({ workflowId: 'test-workflow', input: { remindAt } })
    await waitForStatus(service, instance.id, ['waiting'])
    await harness.advance(2 * hour)
    expect((await waitForStatus(service, instance.id, ['waiting'])).activeNodes).toEqual(['wait'])
    await harness.advance(2 * hour)
    const task = await waitForTask(service, instance.id, 'call')
    const cancelled = await service.cancelInstance(instance.id, { reason: 'customer left', by: 'user:ops' })
    expect(cancelled).toMatchObject({ status: 'cancelled', outcome: 'cancelled' })
    expect((await service.getTask(task.id)).status).toBe('cancelled')
    await expect(service.cancelInstance(instance.id)).rejects.toMatchObject({
      code: 'conflict',
      reason: 'instance_finished',
    })
    const audit = (await service.listAudit({ instanceId: instance.id, action: 'instance.cancel' })).items
    expect(audit).toMatchObject([{ actor: 'user:ops', detail: { reason: 'customer left' } }])
  })
})
