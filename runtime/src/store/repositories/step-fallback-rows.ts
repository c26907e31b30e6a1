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

const columns = 'workflow_id, node_id, manual, since, by, reason, failures'

export function stepFallbackRows(sql: SqlExecutor): Promise<StepFallbackRow[]> {
  return sql.all<StepFallbackRow>(`SELECT ${columns} FROM step_fallbacks`)
}

export function stepFallbackRowsOf(sql: SqlExecutor, workflowId: string): Promise<StepFallbackRow[]> {
  return sql.all<StepFallbackRow>(`SELECT ${columns} FROM step_fallbacks WHERE workflow_id = ?`, [workflowId])
}

/**
 * An operator's switch, to manual or back, whatever the step was: the breaker's count starts
 * again. (The counts below add to the row, so replicas counting at once lose none.)
 */
export function switchStepFallback(row: Omit<StepFallbackRow, 'failures'>): SqlWrite {
  return {
    sql: `INSERT INTO step_fallbacks (workflow_id, node_id, manual, since, by, reason, failures)
      VALUES (?, ?, ?, ?, ?, ?, 0)
      ON CONFLICT (workflow_id, node_id) DO UPDATE SET manual = excluded.manual, since = excluded.since,
        by = excluded.by, reason = excluded.reason, failures = 0`,
    params: [row.workflow_id, row.node_id, row.manual, row.since, row.by, row.reason],
  }
}

/**
 * The breaker's trip: the step goes to manual only if it is not already and its row counts at
 * least `failuresAtLeast` failures (a success on another replica since has reset it).
 */
export function tripStepFallback(
  row: Pick<StepFallbackRow, 'workflow_id' | 'node_id' | 'since' | 'by' | 'reason'>,
  failuresAtLeast: number,
): SqlWrite {
  return {
    sql: `UPDATE step_fallbacks SET manual = 1, since = ?, by = ?, reason = ?, failures = 0
      WHERE workflow_id = ? AND node_id = ? AND manual = 0 AND failures >= ?`,
    params: [row.since, row.by, row.reason, row.workflow_id, row.node_id, failuresAtLeast],
  }
}

/** One more failed call of the step, added to what the row counts (whichever replica counted it). */
export function countStepFailure(workflowId: string, nodeId: string): SqlWrite {
  return {
    sql: `INSERT INTO step_fallbacks (workflow_id, node_id, manual, failures) VALUES (?, ?, 0, 1)
      ON CONFLICT (workflow_id, node_id) DO UPDATE SET failures = step_fallbacks.failures + 1`,
    params: [workflowId, nodeId],
  }
}

/** A call of the step went through: its count of failures in a row starts again. */
export function resetStepFailures(workflowId: string, nodeId: string): SqlWrite {
  return {
    sql: 'UPDATE step_fallbacks SET failures = 0 WHERE workflow_id = ? AND node_id = ? AND failures > 0',
    params: [workflowId, nodeId],
  }
}
