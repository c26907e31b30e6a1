import type { SqlExecutor } from '../sql'

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
