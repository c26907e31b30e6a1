import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDatabase } from '../store/sql'
import { openTestDatabase, testEngines } from '../store/sql/test-support/test-databases'
import { TrendsSource } from './trends-source'

const hour = 3_600_000
const monday = Date.parse('2026-03-02T00:00:00Z')

/** An instance of `claims` that ran from `startHour` to `endHour` (hours after Monday began), if it ended. */
async function item(db: SqlDatabase, id: string, startHour: number, endHour: number | null) {
  const startedAt = monday + startHour * hour
  const endedAt = endHour === null ? null : monday + endHour * hour
  await db.run(
    `INSERT INTO instances (id, workflow_id, deployment_id, version, trigger_id, status, outcome, active_nodes,
      snapshot, visits, started_at, updated_at, ended_at)
    VALUES (?, 'claims', 'claims@1', 1, 'start', ?, NULL, '[]', '{}', '{}', ?, ?, ?)`,
    [id, endedAt === null ? 'running' : 'completed', startedAt, endedAt ?? startedAt, endedAt],
  )
}

async function event(
  db: SqlDatabase,
  instanceId: string,
  atHour: number,
  type: string,
  nodeId: string,
  detail: object,
) {
  await db.run(
    `INSERT INTO events (at, instance_id, workflow_id, deployment_id, type, node_id, visit, entered, detail)
    VALUES (?, ?, 'claims', 'claims@1', ?, ?, 1, NULL, ?)`,
    [monday + atHour * hour, instanceId, type, nodeId, JSON.stringify(detail)],
  )
}

describe.each(testEngines)('trends read from the store on %s', (engine) => {
  let db: SqlDatabase
  let dispose: () => Promise<void>

  beforeAll(async () => {
    ;({ db, dispose } = await openTestDatabase(engine))
    await db.run(
      `INSERT INTO deployments (id, workflow_id, version, document, compiled, deployed_at, deployed_by)
      VALUES ('claims@1', 'claims', 1, ?, '{}', ?, 'user:ana')`,
      [JSON.stringify({ currency: 'EUR', nodes: [] }), monday],
    )
    await item(db, 'a', 0, 2)
    await event(db, 'a', 1, 'task.completed', 'review', { verdict: 'override' })
    await event(db, 'a', 1, 'STEP_DONE', 'review', {})
    await item(db, 'b', 1, 5)
    await event(db, 'b', 3, 'sla.breached', 'review', {})
    await item(db, 'c', 20, 30)
    await item(db, 'still-running', 2, null)
  })
  afterAll(async () => dispose?.())

  it('folds each day’s ended items with the events their figures need, in the latest deployment’s currency', async () => {
    const costs = {
      review: { label: 'Review', kind: 'step', measured: true, machineStandsIn: false, costPerItem: 10 },
    }
    const trends = new TrendsSource(
      db,
      async () => costs as never,
      () => monday + 48 * hour,
    )
    const result = await trends.workflow('claims', {
      bucket: 'day',
      from: '2026-03-02T00:00:00Z',
      to: '2026-03-04T00:00:00Z',
    })
    expect(result).toMatchObject({ workflowId: 'claims', bucket: 'day', currency: 'EUR' })
    expect(result.rows).toEqual([
      {
        start: '2026-03-02T00:00:00.000Z',
        items: 2,
        leadTimeP50Ms: 2 * hour,
        leadTimeP90Ms: 4 * hour,
        touchlessRate: 0.5,
        overrideRate: 1,
        slaBreaches: 1,
        costPerItem: 5,
      },
      {
        start: '2026-03-03T00:00:00.000Z',
        items: 1,
        leadTimeP50Ms: 10 * hour,
        leadTimeP90Ms: 10 * hour,
        touchlessRate: 1,
        overrideRate: null,
        slaBreaches: 0,
        costPerItem: null,
      },
    ])
  })
})
