import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'

export type TimerKind = 'retry' | 'delay' | 'sla'

export interface TimerRow {
  id: string
  instance_id: string
  node_id: string
  visit: number
  kind: TimerKind
  due_at: number
  attempt: number
}

/** Pending timers due at `now`, earliest first, at most `limit`. */
export function dueTimers(sql: SqlExecutor, now: number, limit: number): Promise<TimerRow[]> {
  return sql.all<TimerRow>(
    `SELECT id, instance_id, node_id, visit, kind, due_at, attempt FROM timers
      WHERE status = 'pending' AND due_at <= ? ORDER BY due_at LIMIT ?`,
    [now, limit],
  )
}

/**
 * `dueTimers` in pages: due timers after `after` in (due time, id) order, at most `limit`. For a
 * replica owning some partitions, which reads past the due timers of others.
 */
export function dueTimersAfter(
  sql: SqlExecutor,
  now: number,
  limit: number,
  after?: Pick<TimerRow, 'due_at' | 'id'>,
): Promise<TimerRow[]> {
  const [afterAt, afterId] = after ? [after.due_at, after.id] : [Number.MIN_SAFE_INTEGER, '']
  return sql.all<TimerRow>(
    `SELECT id, instance_id, node_id, visit, kind, due_at, attempt FROM timers
      WHERE status = 'pending' AND due_at <= ? AND (due_at > ? OR (due_at = ? AND id > ?))
      ORDER BY due_at, id LIMIT ?`,
    [now, afterAt, afterAt, afterId, limit],
  )
}

/** When the earliest pending timer falls due; null when none is pending. */
export async function nextTimerDue(sql: SqlExecutor): Promise<number | null> {
  const row = await sql.get<{ due: number | null }>(
    "SELECT MIN(due_at) AS due FROM timers WHERE status = 'pending'",
  )
  return row?.due ?? null
}

/** When the earliest pending timer due after `now` falls due; null when there is none. */
export async function nextTimerDueAfter(sql: SqlExecutor, now: number): Promise<number | null> {
  const row = await sql.get<{ due: number | null }>(
    "SELECT MIN(due_at) AS due FROM timers WHERE status = 'pending' AND due_at > ?",
    [now],
  )
  return row?.due ?? null
}

/** The pending retry timers of a workflow's step, across its instances. */
export function pendingRetriesOf(
  sql: SqlExecutor,
  workflowId: string,
  nodeId: string,
): Promise<Array<Pick<TimerRow, 'id' | 'instance_id' | 'node_id' | 'visit'>>> {
  return sql.all(
    `SELECT t.id, t.instance_id, t.node_id, t.visit
      FROM timers t JOIN instances i ON i.id = t.instance_id
      WHERE i.workflow_id = ? AND t.node_id = ? AND t.kind = 'retry' AND t.status = 'pending'`,
    [workflowId, nodeId],
  )
}

/** A pending timer; one already scheduled under its id (the same visit's same attempt) stays as it is. */
export function scheduleTimer(timer: TimerRow): SqlWrite {
  return {
    sql: `INSERT INTO timers (id, instance_id, node_id, visit, kind, due_at, status, attempt)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (id) DO NOTHING`,
    params: [
      timer.id,
      timer.instance_id,
      timer.node_id,
      timer.visit,
      timer.kind,
      timer.due_at,
      timer.attempt,
    ],
  }
}

/** Marks a pending timer fired (or stale). */
export function settleTimer(timerId: string, status: 'fired' | 'stale', at: number): SqlWrite {
  return {
    sql: "UPDATE timers SET status = ?, fired_at = ? WHERE id = ? AND status = 'pending'",
    params: [status, at, timerId],
  }
}
