import type { EventRow } from '../../metrics/metric-events'
import type { SqlWrite } from '../batch-rows'
import { flatValues, placeholderRows, rowRuns } from '../multi-row'
import type { SqlDatabase, SqlExecutor } from '../sql/sql-database'

/** A day tally's key as stored: per workflow, deployment, node (`''` for the items) and UTC day. */
export interface DayKey {
  workflowId: string
  deploymentId: string
  nodeId: string
  day: number
}

/** A tally and its key, the tally as stored (JSON). */
export interface DayRow {
  key: DayKey
  tally: string
}

/** The sequence number of the last event folded into the tallies (SQLite's log order is its commit order). */
export async function metricProgress(tx: SqlExecutor): Promise<number> {
  const row = await tx.get<{ last_seq: number }>('SELECT last_seq FROM metric_progress WHERE id = 1')
  return row?.last_seq ?? 0
}

export const setMetricProgress = (lastSeq: number): SqlWrite => ({
  sql: `INSERT INTO metric_progress (id, last_seq) VALUES (1, ?)
    ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq`,
  params: [lastSeq],
})

/** The log's events after `seq`, in order, at most `limit`. */
export function eventsAfter(tx: SqlExecutor, seq: number, limit: number) {
  return tx.all<EventRow & { seq: number }>(
    `SELECT seq, at, instance_id, workflow_id, deployment_id, type, node_id, visit, entered, detail
      FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
    [seq, limit],
  )
}

/** The stored states (JSON) of those of the items that have one. */
export async function itemStates(
  tx: SqlExecutor,
  instanceIds: readonly string[],
): Promise<Map<string, string>> {
  const states = new Map<string, string>()
  for (const run of rowRuns(instanceIds)) {
    const rows = await tx.all<{ instance_id: string; state: string }>(
      `SELECT instance_id, state FROM metric_items WHERE instance_id IN (${placeholderRows(1, run.length)})`,
      run,
    )
    for (const row of rows) states.set(row.instance_id, row.state)
  }
  return states
}

export function saveItemStates(items: ReadonlyArray<{ instanceId: string; state: string }>): SqlWrite[] {
  return Array.from(rowRuns(items), (run) => ({
    sql: `INSERT INTO metric_items (instance_id, state) VALUES ${placeholderRows(2, run.length)}
      ON CONFLICT (instance_id) DO UPDATE SET state = excluded.state`,
    params: flatValues(run, (item, into) => into.push(item.instanceId, item.state)),
  }))
}

export function dropItemStates(instanceIds: readonly string[]): SqlWrite[] {
  return Array.from(rowRuns(instanceIds), (run) => ({
    sql: `DELETE FROM metric_items WHERE instance_id IN (${placeholderRows(1, run.length)})`,
    params: run,
  }))
}

const dayColumns = 'workflow_id, deployment_id, node_id, day'
const keyOf = (row: {
  workflow_id: string
  deployment_id: string
  node_id: string
  day: number
}): DayKey => ({
  workflowId: row.workflow_id,
  deploymentId: row.deployment_id,
  nodeId: row.node_id,
  day: row.day,
})
const pushKey = (key: DayKey, into: unknown[]) =>
  into.push(key.workflowId, key.deploymentId, key.nodeId, key.day)
const pushRow = (row: DayRow, into: unknown[]) => {
  pushKey(row.key, into)
  into.push(row.tally)
}

/**
 * Stores each tally whose key has no row yet, leaving the others alone; returns the keys it
 * stored. A key another transaction is inserting is waited for (PostgreSQL), so a tally is
 * never stored twice: the rows of `rows` must come in one fixed order (sorted) to stay free of
 * deadlocks between concurrent writers.
 */
export async function insertNewDays(tx: SqlExecutor, rows: readonly DayRow[]): Promise<DayKey[]> {
  const inserted: DayKey[] = []
  for (const run of rowRuns(rows)) {
    const stored = await tx.all<{ workflow_id: string; deployment_id: string; node_id: string; day: number }>(
      `INSERT INTO metric_days (${dayColumns}, tally) VALUES ${placeholderRows(5, run.length)}
        ON CONFLICT (${dayColumns}) DO NOTHING RETURNING ${dayColumns}`,
      flatValues(run, pushRow),
    )
    for (const row of stored) inserted.push(keyOf(row))
  }
  return inserted
}

/**
 * The stored tallies of `keys`; on PostgreSQL locked until the transaction ends (in key order, so
 * two writers merging into the same days wait for each other instead of losing an update).
 */
export async function lockedDays(
  tx: SqlExecutor,
  engine: SqlDatabase['engine'],
  keys: readonly DayKey[],
): Promise<DayRow[]> {
  const rows: DayRow[] = []
  for (const run of rowRuns(keys)) {
    const stored = await tx.all<{
      workflow_id: string
      deployment_id: string
      node_id: string
      day: number
      tally: string
    }>(
      `SELECT ${dayColumns}, tally FROM metric_days WHERE (${dayColumns}) IN (${placeholderRows(4, run.length)})
        ORDER BY ${dayColumns}${engine === 'postgres' ? ' FOR UPDATE' : ''}`,
      flatValues(run, pushKey),
    )
    for (const row of stored) rows.push({ key: keyOf(row), tally: row.tally })
  }
  return rows
}

export function saveDays(rows: readonly DayRow[]): SqlWrite[] {
  return Array.from(rowRuns(rows), (run) => ({
    sql: `INSERT INTO metric_days (${dayColumns}, tally) VALUES ${placeholderRows(5, run.length)}
      ON CONFLICT (${dayColumns}) DO UPDATE SET tally = excluded.tally`,
    params: flatValues(run, pushRow),
  }))
}

/** Every day tally of a workflow. */
export function workflowDays(sql: SqlExecutor, workflowId: string) {
  return sql.all<{ deployment_id: string; node_id: string; day: number; tally: string }>(
    'SELECT deployment_id, node_id, day, tally FROM metric_days WHERE workflow_id = ?',
    [workflowId],
  )
}
