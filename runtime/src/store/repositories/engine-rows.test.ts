import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshPostgresDatabase } from '../postgres/testing/fresh-database'
import { openSqlDatabase, type SqlDatabase, type SqlTarget } from '../sql'
import { deploymentRow, latestDeploymentId } from './deployment-rows'
import { incidentRow, openIncidentNodes } from './incident-rows'
import { closeInstanceWork, instanceRow, instanceRowsIn } from './instance-rows'
import { pendingWorkToResume } from './outbox-rows'
import { stepFallbackRows } from './step-fallback-rows'
import { openTaskNodes, taskRow } from './task-rows'
import { dueTimers, nextTimerDue, pendingRetriesOf } from './timer-rows'

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
})
