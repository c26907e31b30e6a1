import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'
import type { StepKey } from '../step-key'

/** A step's stored classifier model, as JSON, if it learnt anything yet. */
export async function classifierModel(
  sql: SqlExecutor,
  { workflowId, nodeId }: StepKey,
): Promise<string | undefined> {
  const row = await sql.get<{ model: string }>(
    'SELECT model FROM classifier_models WHERE workflow_id = ? AND node_id = ?',
    [workflowId, nodeId],
  )
  return row?.model
}

/** Stores a step's whole model (JSON), replacing what was there. */
export function saveClassifierModel({ workflowId, nodeId }: StepKey, model: string, at: number): SqlWrite {
  return {
    sql: `INSERT INTO classifier_models (workflow_id, node_id, model, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (workflow_id, node_id) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at`,
    params: [workflowId, nodeId, model, at],
  }
}
