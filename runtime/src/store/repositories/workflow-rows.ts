import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'

/** A row of the `workflows` table: the stored document (JSON) at its revision. */
export interface WorkflowRow {
  id: string
  name: string
  document: string
  revision: number
  created_at: number
  updated_at: number
}

/** A row of the `deployments` table: an immutable compiled version of a workflow. */
export interface DeploymentRow {
  id: string
  workflow_id: string
  version: number
  document: string
  compiled: string
  deployed_at: number
  deployed_by: string
  /** The names of the secrets it uses, as a JSON array. */
  secrets: string
  retired_at: number | null
}

export type DeploymentSummaryRow = Omit<DeploymentRow, 'document' | 'compiled'>

/** Reads of the workflow catalog: the `workflows` table and the deployments made of them. */
export class WorkflowRows {
  constructor(private readonly sql: SqlExecutor) {}

  /** Every workflow, by name. */
  all(): Promise<WorkflowRow[]> {
    return this.sql.all<WorkflowRow>('SELECT * FROM workflows ORDER BY name, id')
  }

  one(workflowId: string): Promise<WorkflowRow | undefined> {
    return this.sql.get<WorkflowRow>('SELECT * FROM workflows WHERE id = ?', [workflowId])
  }

  async exists(workflowId: string): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS found FROM workflows WHERE id = ?', [workflowId])) !== undefined
  }

  async isEmpty(): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS found FROM workflows LIMIT 1')) === undefined
  }

  /**
   * The latest deployment of the workflow. A deleted workflow's deployments (retired) are not those
   * of one made later under its id, which only numbers its versions after them.
   */
  latestDeployment(
    workflowId: string,
  ): Promise<Pick<DeploymentRow, 'id' | 'version' | 'deployed_at'> | undefined> {
    return this.sql.get(
      `SELECT id, version, deployed_at FROM deployments
        WHERE workflow_id = ? AND retired_at IS NULL ORDER BY version DESC LIMIT 1`,
      [workflowId],
    )
  }

  /** The highest version deployed under the id, retired ones included (0 when none). */
  async maxVersion(workflowId: string): Promise<number> {
    const row = await this.sql.get<{ version: number | null }>(
      'SELECT MAX(version) AS version FROM deployments WHERE workflow_id = ?',
      [workflowId],
    )
    return row?.version ?? 0
  }

  /**
   * The deployment new instances start on: the latest not retired, passing over pilots that were
   * not promoted (they only take the instances their pilot routes to them).
   */
  async currentDeploymentId(workflowId: string): Promise<string | undefined> {
    const row = await this.sql.get<{ id: string }>(
      `SELECT id FROM deployments d WHERE workflow_id = ? AND retired_at IS NULL AND NOT EXISTS
        (SELECT 1 FROM pilots p WHERE p.workflow_id = d.workflow_id AND p.version = d.version
          AND p.state <> 'promoted') ORDER BY version DESC LIMIT 1`,
      [workflowId],
    )
    return row?.id
  }

  /** The workflow's deployments, newest first, without their documents. */
  deployments(workflowId: string): Promise<DeploymentSummaryRow[]> {
    return this.sql.all<DeploymentSummaryRow>(
      `SELECT id, workflow_id, version, deployed_at, deployed_by, secrets, retired_at FROM deployments
        WHERE workflow_id = ? ORDER BY version DESC`,
      [workflowId],
    )
  }

  deployment(deploymentId: string): Promise<DeploymentRow | undefined> {
    return this.sql.get<DeploymentRow>('SELECT * FROM deployments WHERE id = ?', [deploymentId])
  }
}

/** A new workflow at revision 1. */
export function insertWorkflow(row: Omit<WorkflowRow, 'revision'>): SqlWrite {
  return {
    sql: 'INSERT INTO workflows (id, name, document, revision, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
    params: [row.id, row.name, row.document, row.created_at, row.updated_at],
  }
}

/** A save of the workflow's document at a new revision. */
export function updateWorkflow(row: Omit<WorkflowRow, 'created_at'>): SqlWrite {
  return {
    sql: 'UPDATE workflows SET name = ?, document = ?, revision = ?, updated_at = ? WHERE id = ?',
    params: [row.name, row.document, row.revision, row.updated_at, row.id],
  }
}

export function deleteWorkflow(workflowId: string): SqlWrite {
  return { sql: 'DELETE FROM workflows WHERE id = ?', params: [workflowId] }
}

/** A new deployment (never retired when made). */
export function insertDeployment(row: Omit<DeploymentRow, 'retired_at'>): SqlWrite {
  return {
    sql: `INSERT INTO deployments (id, workflow_id, version, document, compiled, deployed_at, deployed_by, secrets)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    params: [
      row.id,
      row.workflow_id,
      row.version,
      row.document,
      row.compiled,
      row.deployed_at,
      row.deployed_by,
      row.secrets,
    ],
  }
}

/** Retires every deployment of the workflow not yet retired. */
export function retireDeployments(workflowId: string, at: number): SqlWrite {
  return {
    sql: 'UPDATE deployments SET retired_at = ? WHERE workflow_id = ? AND retired_at IS NULL',
    params: [at, workflowId],
  }
}
