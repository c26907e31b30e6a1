import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'

export type DeploymentRequestRowState = 'pending' | 'approved' | 'rejected'

/** A row of the `deployment_requests` table: request `n` of a workflow, and its decision once made. */
export interface DeploymentRequestRow {
  workflow_id: string
  n: number
  state: DeploymentRequestRowState
  requested_by: string
  requested_at: number
  revision: number
  document: string
  base_deployment_id: string | null
  /** The compiled difference against the base deployment, as JSON. */
  diff: string
  decided_by: string | null
  decided_at: number | null
  reason: string | null
  deployment_id: string | null
  /** The pilot settings the deploy asks for, as JSON. */
  pilot: string | null
}

/** A save recorded in the audit log: who, with the revision and editors in its detail (JSON). */
export interface AuditedSave {
  actor: string
  detail: string | null
}

/** Reads of deploy requests, and of the audit entries their approval rules need. */
export class DeploymentRequestRows {
  constructor(private readonly sql: SqlExecutor) {}

  one(workflowId: string, n: number): Promise<DeploymentRequestRow | undefined> {
    return this.sql.get<DeploymentRequestRow>(
      'SELECT * FROM deployment_requests WHERE workflow_id = ? AND n = ?',
      [workflowId, n],
    )
  }

  /** The workflow's requests, newest first. */
  all(workflowId: string): Promise<DeploymentRequestRow[]> {
    return this.sql.all<DeploymentRequestRow>(
      'SELECT * FROM deployment_requests WHERE workflow_id = ? ORDER BY n DESC',
      [workflowId],
    )
  }

  /** The highest request number of the workflow (0 when none). */
  async lastN(workflowId: string): Promise<number> {
    const row = await this.sql.get<{ n: number | null }>(
      'SELECT MAX(n) AS n FROM deployment_requests WHERE workflow_id = ?',
      [workflowId],
    )
    return row?.n ?? 0
  }

  /**
   * The saves of the workflow audited after its last deploy (all of them when it has none), in
   * the audit's (workflow, action, seq) order.
   */
  async savesSinceLastDeploy(workflowId: string): Promise<AuditedSave[]> {
    const deployed = await this.sql.get<{ seq: number }>(
      `SELECT seq FROM audit WHERE workflow_id = ? AND action = 'workflow.deployed' ORDER BY seq DESC LIMIT 1`,
      [workflowId],
    )
    return this.sql.all<AuditedSave>(
      `SELECT actor, detail FROM audit WHERE workflow_id = ?
        AND action IN ('workflow.created', 'workflow.updated') AND seq > ?`,
      [workflowId, deployed?.seq ?? 0],
    )
  }
}

/** A new pending request. */
export function insertDeploymentRequest(
  row: Pick<
    DeploymentRequestRow,
    | 'workflow_id'
    | 'n'
    | 'requested_by'
    | 'requested_at'
    | 'revision'
    | 'document'
    | 'base_deployment_id'
    | 'diff'
    | 'pilot'
  >,
): SqlWrite {
  return {
    sql: `INSERT INTO deployment_requests (workflow_id, n, state, requested_by, requested_at, revision, document,
      base_deployment_id, diff, pilot) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)`,
    params: [
      row.workflow_id,
      row.n,
      row.requested_by,
      row.requested_at,
      row.revision,
      row.document,
      row.base_deployment_id,
      row.diff,
      row.pilot,
    ],
  }
}

/** The decision on a request; only a request still pending is decided. */
export function decideDeploymentRequest(
  workflowId: string,
  n: number,
  decision: {
    state: Exclude<DeploymentRequestRowState, 'pending'>
    by: string
    at: number
    reason: string | null
    deploymentId: string | null
  },
): SqlWrite {
  return {
    sql: `UPDATE deployment_requests SET state = ?, decided_by = ?, decided_at = ?, reason = ?, deployment_id = ?
      WHERE workflow_id = ? AND n = ? AND state = 'pending'`,
    params: [decision.state, decision.by, decision.at, decision.reason, decision.deploymentId, workflowId, n],
  }
}
