import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'

/** A step's fallback policy as stored: switched to manual (1) or not, and its breaker's count. */
export interface StepFallbackRow {
  workflow_id: string
  node_id: string
  manual: number
  since: number | null
  by: string | null
  reason: string | null
  failures: number
}

export function stepFallbackRows(sql: SqlExecutor): Promise<StepFallbackRow[]> {
  return sql.all<StepFallbackRow>(
    'SELECT workflow_id, node_id, manual, since, by, reason, failures FROM step_fallbacks',
  )
}

/** The step's policy as it is now, whether or not it had a row. */
export function saveStepFallback(row: StepFallbackRow): SqlWrite {
  return {
    sql: `INSERT INTO step_fallbacks (workflow_id, node_id, manual, since, by, reason, failures)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (workflow_id, node_id) DO UPDATE SET manual = excluded.manual, since = excluded.since,
        by = excluded.by, reason = excluded.reason, failures = excluded.failures`,
    params: [row.workflow_id, row.node_id, row.manual, row.since, row.by, row.reason, row.failures],
  }
}
