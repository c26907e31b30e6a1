import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshPostgresDatabase } from '../postgres/testing/fresh-database'
import { openSqlDatabase, type SqlDatabase, type SqlTarget } from '../sql'
import type { SqlWrite } from '../writer'
import { deploymentRow, latestDeploymentId } from './deployment-rows'
import { incidentRow, insertIncident, openIncidentNodes, resolveIncident } from './incident-rows'
import { closeInstanceWork, instanceRow, instanceRowsIn } from './instance-rows'
import { pendingWorkToResume } from './outbox-rows'
import {
  countStepFailure,
  resetStepFailures,
  stepFallbackRows,
  stepFallbackRowsOf,
  switchStepFallback,
  tripStepFallback,
} from './step-fallback-rows'
import {
  cancelOpenTasksAt,
  escalateOpenTasks,
  insertTask,
  openTaskNodes,
  taskRow,
  updateTask,
} from './task-rows'
import { dueTimers, nextTimerDue, pendingRetriesOf, scheduleTimer, settleTimer } from './timer-rows'

const backends: Array<{ engine: SqlDatabase['engine']; target: () => Promise<SqlTarget> }> = [
  { engine: 'sqlite', target: async () => ({ dataDir: mkdtempSync(join(tmpdir(), 'engine-rows-')) }) },
  { engine: 'postgres', target: async () => ({ url: await freshPostgresDatabase() }) },
]

/** What the engine reads, on each backend, from rows written as the engine's batches write them. */
describe.each(backends)('the engine’s rows on $engine', ({ target }) => {
  let where: SqlTarget
  let db: SqlDatabase

  const deployment = (id: string, version: number, retiredAt: number | null = null) =>
    db.run(
      `INSERT INTO deployments (id, workflow_id, version, document, compiled, deployed_at, deployed_by, retired_at)
        VALUES (?, 'flow', ?, '{}', ?, 1, 'system', ?)`,
      [id, version, `{"v":${version}}`, retiredAt],
    )
  const instance = (id: string, status: string, workflowId = 'flow') =>
    db.run(
      `INSERT INTO instances (id, workflow_id, deployment_id, version, trigger_id, status, active_nodes, snapshot,
        visits, started_at, updated_at) VALUES (?, ?, 'flow@1', 1, 'start', ?, '[]', '{}', '{"a":1}', 5, 5)`,
      [id, workflowId, status],
    )
  const task = (id: string, instanceId: string, nodeId: string, status: string) =>
    db.run(
      `INSERT INTO tasks (id, instance_id, workflow_id, deployment_id, node_id, visit, status, spec, created_at)
        VALUES (?, ?, 'flow', 'flow@1', ?, 1, ?, '{}', 1)`,
      [id, instanceId, nodeId, status],
    )
  const incident = (id: string, instanceId: string, nodeId: string, status: string) =>
    db.run(
      `INSERT INTO incidents (id, instance_id, workflow_id, node_id, visit, error, attempts, status, created_at)
        VALUES (?, ?, 'flow', ?, 1, 'down', 3, ?, 1)`,
      [id, instanceId, nodeId, status],
    )
  const timer = (id: string, instanceId: string, kind: string, dueAt: number, status = 'pending') =>
    db.run(
      `INSERT INTO timers (id, instance_id, node_id, visit, kind, due_at, status, attempt)
        VALUES (?, ?, 'call', 1, ?, ?, ?, 1)`,
      [id, instanceId, kind, dueAt, status],
    )
  const outbox = (id: string, instanceId: string, nodeId: string, status: string, createdAt: number) =>
    db.run(
      `INSERT INTO outbox (id, instance_id, node_id, visit, status, attempts, created_at, updated_at)
        VALUES (?, ?, ?, 1, ?, 2, ?, ?)`,
      [id, instanceId, nodeId, status, createdAt, createdAt],
    )

  beforeAll(async () => {
    where = await target()
    db = await openSqlDatabase(where)
    await deployment('flow@1', 1)
    await deployment('flow@2', 2)
    await deployment('flow@3', 3, 99)
    for (const [id, status] of [
      ['waiting-1', 'waiting'],
      ['waiting-2', 'waiting'],
      ['running-1', 'running'],
      ['done-1', 'completed'],
    ] as const) {
      await instance(id, status)
    }
    await instance('other-1', 'running', 'other')
    await task('t-open', 'waiting-1', 'approve', 'open')
    await task('t-claimed', 'waiting-1', 'approve', 'claimed')
    await task('t-done', 'waiting-1', 'check', 'completed')
    await task('t-two', 'waiting-2', 'sign', 'open')
    await incident('i-open', 'running-1', 'call', 'open')
    await incident('i-retried', 'running-1', 'post', 'retried')
    await timer('late', 'running-1', 'retry', 300)
    await timer('early', 'waiting-1', 'delay', 100)
    await timer('fired', 'waiting-2', 'delay', 50, 'fired')
    await timer('later', 'waiting-2', 'sla', 9_000)
    await timer('elsewhere', 'other-1', 'retry', 200)
    await outbox('o-waits', 'running-1', 'call', 'pending', 2)
    await outbox('o-runs', 'running-1', 'post', 'pending', 1)
    await outbox('o-done', 'waiting-1', 'call', 'done', 0)
    await db.run(
      `INSERT INTO step_fallbacks (workflow_id, node_id, manual, since, by, reason, failures)
        VALUES ('flow', 'call', 1, 7, 'ops', 'outage', 0)`,
    )
  })

  afterAll(async () => {
    await db?.close()
    if (where && 'dataDir' in where) rmSync(where.dataDir, { recursive: true, force: true })
  })

  it('reads a deployment, and the latest one of a workflow that is not retired', async () => {
    expect(await deploymentRow(db, 'flow@2')).toEqual({
      id: 'flow@2',
      workflow_id: 'flow',
      version: 2,
      compiled: '{"v":2}',
    })
    expect(await deploymentRow(db, 'flow@9')).toBeUndefined()
    expect(await latestDeploymentId(db, 'flow')).toBe('flow@2')
    expect(await latestDeploymentId(db, 'nothing')).toBeUndefined()
  })

  it('reads instances one by one and many at once, ignoring unknown ids', async () => {
    expect(await instanceRow(db, 'waiting-1')).toMatchObject({
      id: 'waiting-1',
      visits: '{"a":1}',
      ended_at: null,
    })
    const three = await instanceRowsIn(db, ['waiting-1', 'done-1', 'missing'])
    expect(three.map((row) => row.id).sort()).toEqual(['done-1', 'waiting-1'])
    const one = await instanceRowsIn(db, ['running-1'])
    expect(one.map((row) => row.status)).toEqual(['running'])
  })

  it('reads the open incidents and the open or claimed tasks of many instances, node by node', async () => {
    const ids = ['waiting-1', 'waiting-2', 'running-1']
    expect(await openIncidentNodes(db, ids)).toEqual([{ instance_id: 'running-1', node_id: 'call' }])
    const tasks = await openTaskNodes(db, ids)
    expect(tasks.map((row) => `${row.instance_id}/${row.node_id}`).sort()).toEqual([
      'waiting-1/approve',
      'waiting-2/sign',
    ])
    expect(await taskRow(db, 't-claimed')).toMatchObject({ status: 'claimed', node_id: 'approve', visit: 1 })
    expect(await incidentRow(db, 'i-open')).toMatchObject({ status: 'open', attempts: 3 })
  })

  it('reads due timers earliest first up to a limit, and when the next one falls due', async () => {
    expect((await dueTimers(db, 300, 10)).map((row) => row.id)).toEqual(['early', 'elsewhere', 'late'])
    expect((await dueTimers(db, 300, 2)).map((row) => row.id)).toEqual(['early', 'elsewhere'])
    expect(await dueTimers(db, 99, 10)).toEqual([])
    expect(await nextTimerDue(db)).toBe(100)
    expect((await pendingRetriesOf(db, 'flow', 'call')).map((row) => row.id)).toEqual(['late'])
  })

  it('resumes pending work except what waits for its retry timer', async () => {
    expect(await pendingWorkToResume(db)).toEqual([
      { instance_id: 'running-1', node_id: 'post', visit: 1, attempts: 2 },
    ])
  })

  it('reads the steps’ fallback policy', async () => {
    expect(await stepFallbackRows(db)).toEqual([
      { workflow_id: 'flow', node_id: 'call', manual: 1, since: 7, by: 'ops', reason: 'outage', failures: 0 },
    ])
  })

  it('closes all of a cancelled instance’s work', async () => {
    await db.transaction(async (tx) => {
      for (const { sql, params } of closeInstanceWork('running-1', 1_000)) await tx.run(sql, params)
    })
    expect(await openIncidentNodes(db, ['running-1'])).toEqual([])
    expect(await pendingWorkToResume(db)).toEqual([])
    expect((await dueTimers(db, 10_000, 10)).map((row) => row.id)).toEqual(['early', 'elsewhere', 'later'])
    expect(await nextTimerDue(db)).toBe(100)
  })

  it('writes tasks, incidents, timers and a step’s policy as the batches give them', async () => {
    const write = ({ sql, params }: SqlWrite) => db.run(sql, params)
    const base = { instance_id: 'w-1', workflow_id: 'flow', deployment_id: 'flow@1', visit: 2 }
    await write(
      insertTask({ ...base, id: 'w-a', node_id: 'a', lane: null, spec: '{}', due_at: null, created_at: 3 }),
    )
    await write(
      insertTask({ ...base, id: 'w-b', node_id: 'b', lane: 'ops', spec: '{}', due_at: 9, created_at: 3 }),
    )
    await write(escalateOpenTasks('w-1', 'b', 2, 'managers'))
    await write(cancelOpenTasksAt('w-1', 'a', 4))
    const claimed = (await taskRow(db, 'w-b'))!
    expect(claimed).toMatchObject({ status: 'open', lane: 'ops', escalated_to: 'managers', due_at: 9 })
    await write(updateTask({ ...claimed, status: 'claimed', assignee: 'ana', claimed_at: 5 }))
    expect(await taskRow(db, 'w-b')).toMatchObject({ status: 'claimed', assignee: 'ana', claimed_at: 5 })
    expect(await taskRow(db, 'w-a')).toMatchObject({ status: 'cancelled', completed_at: 4 })

    const incident = { ...base, id: 'w-i', node_id: 'call', error: 'down', attempts: 3, created_at: 6 }
    await write(insertIncident(incident))
    expect(await openIncidentNodes(db, ['w-1'])).toEqual([{ instance_id: 'w-1', node_id: 'call' }])
    await write(resolveIncident('w-i', 'skipped', 7, 'ops'))
    expect(await incidentRow(db, 'w-i')).toMatchObject({
      status: 'skipped',
      resolved_at: 7,
      resolved_by: 'ops',
    })

    const timer = {
      id: 'w-t',
      instance_id: 'w-1',
      node_id: 'call',
      visit: 2,
      kind: 'retry' as const,
      attempt: 1,
    }
    await write(scheduleTimer({ ...timer, due_at: 50 }))
    // The same visit's same attempt scheduled again keeps its first due time.
    expect(await write(scheduleTimer({ ...timer, due_at: 80 }))).toEqual({ changes: 0 })
    expect((await dueTimers(db, 60, 10)).map((row) => row.id)).toContain('w-t')
    await write(settleTimer('w-t', 'fired', 61))
    expect(await write(settleTimer('w-t', 'stale', 62))).toEqual({ changes: 0 })
    expect((await dueTimers(db, 60, 10)).map((row) => row.id)).not.toContain('w-t')

    const policy = { workflow_id: 'flow', node_id: 'post', since: null, by: null, reason: null }
    const post = async () => (await stepFallbackRowsOf(db, 'flow')).find((row) => row.node_id === 'post')
    // Failures add to the row whichever replica counts them; a success resets the count.
    await write(countStepFailure('flow', 'post'))
    await write(countStepFailure('flow', 'post'))
    expect(await post()).toEqual({ ...policy, manual: 0, failures: 2 })
    await write(resetStepFailures('flow', 'post'))
    await write(countStepFailure('flow', 'post'))
    await write(countStepFailure('flow', 'post'))
    const trip = { ...policy, since: 8, by: 'system', reason: 'breaker' }
    // The trip holds only once the stored count has reached its threshold.
    expect((await db.run(tripStepFallback(trip, 3).sql, tripStepFallback(trip, 3).params)).changes).toBe(0)
    expect((await db.run(tripStepFallback(trip, 2).sql, tripStepFallback(trip, 2).params)).changes).toBe(1)
    expect(await post()).toEqual({ ...trip, manual: 1, failures: 0 })
    // A second trip (another replica's, at once) changes nothing; an operator's switch always holds.
    await write(countStepFailure('flow', 'post'))
    expect((await db.run(tripStepFallback(trip, 1).sql, tripStepFallback(trip, 1).params)).changes).toBe(0)
    await write(switchStepFallback({ ...policy, manual: 0, since: 9, by: 'ops', reason: 'fixed' }))
    expect(await post()).toEqual({ ...policy, manual: 0, since: 9, by: 'ops', reason: 'fixed', failures: 0 })
    expect(await stepFallbackRows(db)).toContainEqual(await post())
  })
})
