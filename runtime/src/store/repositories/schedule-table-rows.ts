import type { SqlDatabase, SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'

/** A row of the `schedules` table: a schedule trigger of a workflow and its next planned tick. */
export interface ScheduleRow {
  workflow_id: string
  trigger_id: string
  cron: string
  timezone: string | null
  /** The next planned tick (ms since the epoch); at or before now means due. */
  next_at: number
}

const columns = 'workflow_id, trigger_id, cron, timezone, next_at'

/** Reads of the `schedules` table. */
export class ScheduleTableRows {
  constructor(private readonly sql: SqlExecutor) {}

  /** The schedules due at `now`, the longest overdue first. */
  due(now: number): Promise<ScheduleRow[]> {
    return this.sql.all<ScheduleRow>(`SELECT ${columns} FROM schedules WHERE next_at <= ? ORDER BY next_at`, [
      now,
    ])
  }

  /** The first tick planned after `now`, or null when none is. */
  async nextDueAfter(now: number): Promise<number | null> {
    const row = await this.sql.get<{ due: number | null }>(
      'SELECT MIN(next_at) AS due FROM schedules WHERE next_at > ?',
      [now],
    )
    return row?.due ?? null
  }

  forWorkflow(workflowId: string): Promise<ScheduleRow[]> {
    return this.sql.all<ScheduleRow>(`SELECT ${columns} FROM schedules WHERE workflow_id = ?`, [workflowId])
  }

  /** The workflows that have schedule rows (deleted ones too, until they are reconciled). */
  async workflowIds(): Promise<string[]> {
    const rows = await this.sql.all<{ workflow_id: string }>('SELECT DISTINCT workflow_id FROM schedules')
    return rows.map((row) => row.workflow_id)
  }
}

/**
 * PostgreSQL, where several replicas tick: takes up to `limit` due schedules that no other
 * replica is claiming (`FOR UPDATE SKIP LOCKED`) and advances each with the write `advance` makes
 * for it (none: the row stays as it is), all in one transaction. Once it has committed, no other
 * replica sees those ticks due any more, so each fires on one replica only.
 */
export function claimDueSchedules(
  db: SqlDatabase,
  now: number,
  limit: number,
  advance: (row: ScheduleRow) => SqlWrite | undefined,
): Promise<ScheduleRow[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.all<ScheduleRow>(
      `SELECT ${columns} FROM schedules WHERE next_at <= ? ORDER BY next_at LIMIT ? FOR UPDATE SKIP LOCKED`,
      [now, limit],
    )
    const claimed: ScheduleRow[] = []
    for (const row of rows) {
      const write = advance(row)
      if (!write) continue
      await tx.run(write.sql, write.params)
      claimed.push(row)
    }
    return claimed
  })
}

/** A schedule's row with its first tick, replacing the one it had. */
export function upsertSchedule(row: ScheduleRow): SqlWrite {
  return {
    sql: `INSERT INTO schedules (workflow_id, trigger_id, cron, timezone, next_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (workflow_id, trigger_id) DO UPDATE SET
        cron = excluded.cron, timezone = excluded.timezone, next_at = excluded.next_at`,
    params: [row.workflow_id, row.trigger_id, row.cron, row.timezone, row.next_at],
  }
}

export function deleteSchedule(workflowId: string, triggerId: string): SqlWrite {
  return {
    sql: 'DELETE FROM schedules WHERE workflow_id = ? AND trigger_id = ?',
    params: [workflowId, triggerId],
  }
}

/**
 * A fired tick: the row moves on to `next` (or goes when there is none), only if it still plans the
 * tick that fired (`row.next_at`), so a redeploy in between wins.
 */
export function markScheduleFired(
  row: ScheduleRow,
  planned: number,
  next: number | null,
  now: number,
): SqlWrite {
  if (next === null) {
    return {
      sql: 'DELETE FROM schedules WHERE workflow_id = ? AND trigger_id = ? AND next_at = ?',
      params: [row.workflow_id, row.trigger_id, row.next_at],
    }
  }
  return {
    sql: `UPDATE schedules SET next_at = ?, last_planned_at = ?, last_fired_at = ?
      WHERE workflow_id = ? AND trigger_id = ? AND next_at = ?`,
    params: [next, planned, now, row.workflow_id, row.trigger_id, row.next_at],
  }
}
