import type { TimeWindow } from '../event-pages'
import type { SqlExecutor } from '../sql'

/** An item (instance) as the event-log export reads it. */
export interface StoredItem {
  id: string
  status: string
  outcome: string | null
  trigger_id: string
  version: number
  started_at: number
  updated_at: number
  ended_at: number | null
}

/** A task as the event-log export reads it. */
export interface StoredTask {
  id: string
  instance_id: string
  node_id: string
  visit: number
  lane: string | null
  status: string
  assignee: string | null
  created_at: number
  completed_at: number | null
  completed_by: string | null
  verdict: string | null
  /** The assistant's suggestion the task was made with, as JSON, if any. */
  suggestion: string | null
}

/** Where a keyset page by (time, id) starts: after this row. */
export interface TimeKey {
  at: number
  id: string
}

/** The first page starts before every row. */
export const beforeAll: TimeKey = { at: -1, id: '' }

/** Items alive at some time in the window, by start time then id, after `after`. */
export function itemsAliveIn(
  sql: SqlExecutor,
  workflowId: string,
  window: TimeWindow,
  after: TimeKey,
  limit: number,
): Promise<StoredItem[]> {
  return sql.all<StoredItem>(
    `SELECT id, status, outcome, trigger_id, version, started_at, updated_at, ended_at
    FROM instances WHERE workflow_id = ? AND started_at < ? AND (ended_at IS NULL OR ended_at >= ?)
      AND (started_at > ? OR (started_at = ? AND id > ?))
    ORDER BY started_at, id LIMIT ?`,
    [workflowId, window.to, window.from, after.at, after.at, after.id, limit],
  )
}

/**
 * Tasks open at some time in the window, by creation time then id, after `after`. The whole
 * `spec` is read and its suggestion taken out here: the databases spell JSON paths differently.
 */
export async function tasksOpenIn(
  sql: SqlExecutor,
  workflowId: string,
  window: TimeWindow,
  after: TimeKey,
  limit: number,
): Promise<StoredTask[]> {
  const rows = await sql.all<Omit<StoredTask, 'suggestion'> & { spec: string }>(
    `SELECT id, instance_id, node_id, visit, lane, status, assignee, created_at, completed_at, completed_by,
      verdict, spec
    FROM tasks WHERE workflow_id = ? AND created_at < ? AND (completed_at IS NULL OR completed_at >= ?)
      AND (created_at > ? OR (created_at = ? AND id > ?))
    ORDER BY created_at, id LIMIT ?`,
    [workflowId, window.to, window.from, after.at, after.at, after.id, limit],
  )
  return rows.map(({ spec, ...task }) => {
    const suggestion = (JSON.parse(spec) as { suggestion?: unknown }).suggestion
    return { ...task, suggestion: suggestion == null ? null : JSON.stringify(suggestion) }
  })
}

/** Who did what the first audit row of an instance with this action names. */
export async function firstActor(
  sql: SqlExecutor,
  instanceId: string,
  action: string,
): Promise<string | undefined> {
  const row = await sql.get<{ actor: string }>(
    'SELECT actor FROM audit WHERE instance_id = ? AND action = ? ORDER BY seq LIMIT 1',
    [instanceId, action],
  )
  return row?.actor
}
