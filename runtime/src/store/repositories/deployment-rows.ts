import type { SqlExecutor } from '../sql'

/** A deployment as stored: its compiled workflow is JSON text. */
export interface DeploymentRow {
  id: string
  workflow_id: string
  version: number
  compiled: string
}

export function deploymentRow(sql: SqlExecutor, deploymentId: string): Promise<DeploymentRow | undefined> {
  return sql.get<DeploymentRow>('SELECT id, workflow_id, version, compiled FROM deployments WHERE id = ?', [
    deploymentId,
  ])
}

/**
 * The id of the workflow's latest deployment, pilots included; never one of a deleted workflow that
 * had the same id (those are retired).
 */
export async function latestDeploymentId(sql: SqlExecutor, workflowId: string): Promise<string | undefined> {
  const row = await sql.get<{ id: string }>(
    'SELECT id FROM deployments WHERE workflow_id = ? AND retired_at IS NULL ORDER BY version DESC LIMIT 1',
    [workflowId],
  )
  return row?.id
}
