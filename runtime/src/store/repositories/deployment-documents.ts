import type { WorkflowDocument } from '@conveyor/shared'
import type { SqlExecutor } from '../sql'

/** The document a deployment was made from; undefined for a deployment that is not stored. */
export async function deploymentDocument(
  sql: SqlExecutor,
  deploymentId: string,
): Promise<WorkflowDocument | undefined> {
  const row = await sql.get<{ document: string }>('SELECT document FROM deployments WHERE id = ?', [
    deploymentId,
  ])
  return row ? (JSON.parse(row.document) as WorkflowDocument) : undefined
}

/** Every deployment of a workflow with its document, oldest version first (retired ones too). */
export async function workflowDeployments(
  sql: SqlExecutor,
  workflowId: string,
): Promise<Array<{ id: string; document: WorkflowDocument }>> {
  const rows = await sql.all<{ id: string; document: string }>(
    'SELECT id, document FROM deployments WHERE workflow_id = ? ORDER BY version',
    [workflowId],
  )
  return rows.map((row) => ({ id: row.id, document: JSON.parse(row.document) as WorkflowDocument }))
}

/** The documents of every deployment of a workflow, oldest version first (retired ones too). */
export async function deployedDocuments(sql: SqlExecutor, workflowId: string): Promise<WorkflowDocument[]> {
  return (await workflowDeployments(sql, workflowId)).map((deployment) => deployment.document)
}

/** The document of the workflow's latest deployment that is not retired, if any. */
export async function latestLiveDocument(
  sql: SqlExecutor,
  workflowId: string,
): Promise<WorkflowDocument | undefined> {
  const row = await sql.get<{ document: string }>(
    'SELECT document FROM deployments WHERE workflow_id = ? AND retired_at IS NULL ORDER BY version DESC LIMIT 1',
    [workflowId],
  )
  return row ? (JSON.parse(row.document) as WorkflowDocument) : undefined
}
