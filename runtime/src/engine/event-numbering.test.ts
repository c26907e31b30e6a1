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

/** A person's task, then a delay, then the end: events from people, timers and the engine itself. */
const approveThenWait = b.workflow(
  [
    b.trigger('start'),
    b.humanStep('approve', {
      human: { form: { fields: [{ id: 'ok', label: 'OK', type: 'boolean', required: true }] } },
    }),
    b.step('wait', { automate: { connector: { kind: 'delay', duration: '1h' } } }),
    b.end('done'),
  ],
  b.chain('start', 'approve', 'wait', 'done'),
)

interface Numbering {
  instance_id: string
  events: number
  numbered: number
  distinct_numbers: number
  lowest: number
  highest: number
  stored_count: number
}

describe("the engine's per-instance event numbers", () => {
  it('run 1..n without gap or repeat for every instance, with n stored in its row, through evictions, task actions and timers', async () => {
    harness = await openHarness()
    const { service } = harness
    await service.createWorkflow(approveThenWait)
    const deployed = await service.deploy('test-workflow')
    if (!deployed.ok) throw new Error(JSON.stringify(deployed.diagnostics))
    const started = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        service.startInstance({ workflowId: 'test-workflow', input: { n } }),
      ),
    )
    const ids = started.map(({ instance }) => instance.id)
    const tasks = await Promise.all(ids.map((id) => waitForTask(service, id, 'approve')))
    await service.engine.committed()
    // Waiting for a person, they left memory: each task action loads its instance again.
    for (const id of ids) expect(service.engine.live(id)).toBeUndefined()
    await Promise.all(
      tasks.map((task) =>
        service.claimTask(task.id, { name: 'ana', actor: 'user:ana', mayActForOthers: false }),
      ),
    )
    await Promise.all(tasks.map((task) => service.releaseTask(task.id)))
    await Promise.all(
      tasks.map((task) =>
        service.claimTask(task.id, { name: 'bo', actor: 'user:bo', mayActForOthers: false }),
      ),
    )
    await Promise.all(
      tasks.map((task) => service.completeTask(task.id, { data: { ok: true }, by: 'user:bo' })),
    )
    for (const id of ids) await waitForStatus(service, id, ['waiting'])
    await harness.advance(2 * hour)
    for (const id of ids) await waitForStatus(service, id, ['completed'])
    await service.engine.committed()

    const numbering = await service.sql.all<Numbering>(
      `SELECT e.instance_id, COUNT(*) AS events, COUNT(e.instance_seq) AS numbered,
          COUNT(DISTINCT e.instance_seq) AS distinct_numbers, MIN(e.instance_seq) AS lowest,
          MAX(e.instance_seq) AS highest, MIN(i.event_seq) AS stored_count
        FROM events e JOIN instances i ON i.id = e.instance_id GROUP BY e.instance_id ORDER BY e.instance_id`,
    )
    expect(numbering.map((row) => row.instance_id)).toEqual([...ids].sort())
    for (const row of numbering) {
      expect(row, row.instance_id).toEqual({
        instance_id: row.instance_id,
        events: row.events,
        numbered: row.events,
        distinct_numbers: row.events,
        lowest: 1,
        highest: row.events,
        stored_count: row.events,
      })
      // START, task.created, three task actions, task.completed, STEP_DONE, the delay's STEP_DONE, finished at least.
      expect(row.events).toBeGreaterThanOrEqual(9)
    }
    // In the log's order, each instance's numbers rise one by one.
    const inOrder = await service.sql.all<{ instance_id: string; instance_seq: number }>(
      'SELECT instance_id, instance_seq FROM events ORDER BY seq',
    )
    const last = new Map<string, number>()
    for (const { instance_id: id, instance_seq: seq } of inOrder) {
      expect(seq, id).toBe((last.get(id) ?? 0) + 1)
      last.set(id, seq)
    }
  })
})
