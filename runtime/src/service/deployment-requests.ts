import {
  deploysNeedApproval,
  diffCompiled,
  type OutsideContext,
  type CompiledDiff,
  type WorkflowDocument,
} from '@conveyor/shared'
import type { PilotSettings } from '@conveyor/shared/protocol/pilots'
import type { Pilot } from '../pilots/pilot-table'
import type { Db } from '../store/database'
import type { Writer } from '../store/writer'
import { ConflictError, ForbiddenError, NotFoundError } from './errors'
import type { PilotControl } from './pilots'
import type { Actor, DeployAttempt, DeploymentRequest, DeploymentRequestState, DeployResult } from './types'
import { iso } from './views'
import type { WorkflowCatalog } from './workflows'

interface RequestRow {
  workflow_id: string
  n: number
  state: DeploymentRequestState
  requested_by: string
  requested_at: number
  revision: number
  document: string
  base_deployment_id: string | null
  diff: string
  decided_by: string | null
  decided_at: number | null
  reason: string | null
  deployment_id: string | null
  pilot: string | null
}

/** An approval's outcome: the deployment it made, or the findings that keep the revision from running. */
export type ApprovalResult =
  | { ok: true; request: DeploymentRequest; deployment: Extract<DeployResult, { ok: true }>['deployment'] }
  | { ok: false; diagnostics: Extract<DeployResult, { ok: false }>['diagnostics'] }

/**
 * Four-eyes deploys. When a workflow's deploys need approval, asking to deploy stores a request
 * holding the revision's document and its compiled difference against the version deployed then;
 * a second person approves it (which deploys exactly that document) or rejects it. Nobody approves
 * a change of their own: not the requester, and nobody who saved the workflow between the deployed
 * version and the requested revision.
 */
export class DeploymentRequests {
  private readonly sql
  private readonly lastN = new Map<string, number>()
  /** Workflows with a decision being made but not yet committed. */
  private readonly deciding = new Set<string>()

  constructor(
    db: Db,
    private readonly writer: Writer,
    private readonly catalog: WorkflowCatalog,
    private readonly now: () => number,
    private readonly context: OutsideContext,
    private readonly pilots: PilotControl,
  ) {
    this.sql = {
      one: db.prepare('SELECT * FROM deployment_requests WHERE workflow_id = ? AND n = ?'),
      all: db.prepare('SELECT * FROM deployment_requests WHERE workflow_id = ? ORDER BY n DESC'),
      lastN: db.prepare('SELECT MAX(n) AS n FROM deployment_requests WHERE workflow_id = ?'),
      lastDeployed: db.prepare(
        `SELECT seq FROM audit WHERE workflow_id = ? AND action = 'workflow.deployed' ORDER BY seq DESC LIMIT 1`,
      ),
      savesSince: db.prepare(`SELECT actor, detail FROM audit WHERE workflow_id = ?
        AND action IN ('workflow.created', 'workflow.updated') AND seq > ?`),
    }
  }

  /**
   * Deploys at once when the workflow needs no approval; otherwise records a pending request. With
   * `pilot`, the deployment starts as a pilot (on approval, when it needs one); ConflictError
   * `pilot_running` while another pilot of the workflow runs.
   */
  async request(workflowId: string, by: Actor, pilot?: PilotSettings): Promise<DeployAttempt> {
    const row = this.catalog.row(workflowId)
    const settings = pilot && this.pilots.settle(workflowId, pilot)
    this.pilots.assertNoneRunning(workflowId)
    const document = JSON.parse(row.document) as WorkflowDocument
    const ready = await this.catalog.readiness(document)
    if (!ready.compiled) return { ok: false, diagnostics: ready.diagnostics }
    if (!deploysNeedApproval(document, this.context)) {
      const alongside = settings && this.pilots.alongside(workflowId, settings, by)
      return this.catalog.deployCompiled(
        workflowId,
        document,
        ready.compiled,
        ready.diagnostics,
        by,
        alongside,
      )
    }
    const baseId = this.catalog.currentDeploymentId(workflowId)
    const base = baseId ? this.catalog.deployment(baseId) : undefined
    const drawn = [...document.nodes, ...(base?.document.nodes ?? [])].map((node) => node.id)
    const diff = diffCompiled(base?.compiled, ready.compiled, drawn)
    const stored = (this.sql.lastN.get(workflowId) as { n: number | null }).n ?? 0
    const n = Math.max(stored, this.lastN.get(workflowId) ?? 0) + 1
    this.lastN.set(workflowId, n)
    const now = this.now()
    this.writer.write(
      `INSERT INTO deployment_requests (workflow_id, n, state, requested_by, requested_at, revision, document,
        base_deployment_id, diff, pilot) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)`,
      [
        workflowId,
        n,
        by,
        now,
        row.revision,
        row.document,
        baseId ?? null,
        JSON.stringify(diff),
        settings ? JSON.stringify(settings) : null,
      ],
    )
    this.audit(by, 'deploy.requested', workflowId, { n, revision: row.revision })
    await this.writer.committed()
    return { ok: true, request: this.get(workflowId, n), diagnostics: ready.diagnostics }
  }

  list(workflowId: string): DeploymentRequest[] {
    this.catalog.row(workflowId)
    return (this.sql.all.all(workflowId) as RequestRow[]).map(view)
  }

  get(workflowId: string, n: number): DeploymentRequest {
    return view(this.row(workflowId, n))
  }

  /** Deploys the requested revision's document, as it was when the request was made. */
  async approve(workflowId: string, n: number, by: Actor): Promise<ApprovalResult> {
    return this.decidingOnce(workflowId, n, async (row) => {
      this.assertMayApprove(row, by)
      const latest = this.catalog.currentDeploymentId(workflowId)
      if (latest !== (row.base_deployment_id ?? undefined)) {
        throw new ConflictError(
          `Deploy request ${n} of "${workflowId}" was made against ${row.base_deployment_id ?? 'no deployment'}, ` +
            `but ${latest} was deployed since, so its diff no longer says what approving would change: ` +
            'reject it and request the deploy again',
          'request_outdated',
          { baseDeploymentId: row.base_deployment_id, latestDeploymentId: latest },
        )
      }
      this.pilots.assertNoneRunning(workflowId)
      const document = JSON.parse(row.document) as WorkflowDocument
      const ready = await this.catalog.readiness(document)
      if (!ready.compiled) return { ok: false, diagnostics: ready.diagnostics }
      const pilot = row.pilot
        ? this.pilots.alongside(workflowId, JSON.parse(row.pilot) as Pilot['settings'], by)
        : undefined
      const result = await this.catalog.deployCompiled(
        workflowId,
        document,
        ready.compiled,
        ready.diagnostics,
        by,
        {
          detail: { request: n, requestedBy: row.requested_by, ...pilot?.detail },
          record: (deploymentId, version) => {
            pilot?.record(deploymentId, version)
            const now = this.now()
            this.decide(workflowId, n, 'approved', by, now, null, deploymentId)
            this.audit(by, 'deploy.approved', workflowId, {
              n,
              revision: row.revision,
              requestedBy: row.requested_by,
              deploymentId,
            })
          },
        },
      )
      return { ok: true, request: this.get(workflowId, n), deployment: result.deployment }
    })
  }

  /** Nothing is deployed. Anyone who may deploy may reject, the requester too (withdrawing it). */
  async reject(workflowId: string, n: number, by: Actor, reason?: string): Promise<DeploymentRequest> {
    return this.decidingOnce(workflowId, n, async (row) => {
      this.decide(workflowId, n, 'rejected', by, this.now(), reason ?? null, null)
      this.audit(by, 'deploy.rejected', workflowId, {
        n,
        revision: row.revision,
        requestedBy: row.requested_by,
        ...(reason ? { reason } : {}),
      })
      await this.writer.committed()
      return this.get(workflowId, n)
    })
  }

  /**
   * Runs a decision on a pending request, one decision per workflow at a time: two approvals made
   * together could otherwise both find the same version deployed and both deploy.
   */
  private async decidingOnce<T>(workflowId: string, n: number, decide: (row: RequestRow) => Promise<T>) {
    const row = this.row(workflowId, n)
    if (row.state !== 'pending') {
      throw new ConflictError(
        `Deploy request ${n} of "${workflowId}" was ${row.state} already`,
        'request_not_pending',
        { state: row.state },
      )
    }
    if (this.deciding.has(workflowId)) {
      throw new ConflictError(
        `Another deploy request of "${workflowId}" is being decided; try again`,
        'request_being_decided',
      )
    }
    this.deciding.add(workflowId)
    try {
      return await decide(row)
    } finally {
      this.deciding.delete(workflowId)
    }
  }

  /** Records the decision, in the batch of what it decided; only a request still pending is decided. */
  private decide(
    workflowId: string,
    n: number,
    state: 'approved' | 'rejected',
    by: Actor,
    at: number,
    reason: string | null,
    deploymentId: string | null,
  ): void {
    this.writer.write(
      `UPDATE deployment_requests SET state = ?, decided_by = ?, decided_at = ?, reason = ?, deployment_id = ?
        WHERE workflow_id = ? AND n = ? AND state = 'pending'`,
      [state, by, at, reason, deploymentId, workflowId, n],
    )
  }

  private assertMayApprove(row: RequestRow, by: Actor): void {
    if (row.requested_by === by) {
      throw new ForbiddenError(
        `You requested deploy ${row.n} of "${row.workflow_id}"; another person must approve it`,
      )
    }
    const changed = this.savedSinceDeployed(row)
    if (changed.has(by)) {
      throw new ForbiddenError(
        `You changed "${row.workflow_id}" since its deployed version; another person must approve deploy ${row.n}`,
      )
    }
  }

  /**
   * Who saved the workflow after its last deploy and up to the requested revision, from the audit
   * log (live edits name every person whose edits a save holds).
   */
  private savedSinceDeployed(row: RequestRow): Set<Actor> {
    const deployed = this.sql.lastDeployed.get(row.workflow_id) as { seq: number } | undefined
    const saves = this.sql.savesSince.all(row.workflow_id, deployed?.seq ?? 0) as Array<{
      actor: string
      detail: string | null
    }>
    const people = new Set<Actor>()
    for (const save of saves) {
      const detail = JSON.parse(save.detail ?? '{}') as { revision?: number; editors?: Actor[] }
      if ((detail.revision ?? 0) > row.revision) continue
      // Saves recorded before their editors were named listed them in the actor, comma-separated.
      for (const actor of detail.editors ?? save.actor.split(', ')) people.add(actor)
    }
    return people
  }

  /** A request of a workflow that exists: a deleted workflow's pending requests went with it. */
  private row(workflowId: string, n: number): RequestRow {
    this.catalog.row(workflowId)
    const row = this.sql.one.get(workflowId, n) as RequestRow | undefined
    if (!row) throw new NotFoundError('deploy request', `${workflowId}#${n}`)
    return row
  }

  private audit(by: Actor, action: string, workflowId: string, detail: Record<string, unknown>) {
    this.writer.auditWorkflow({ at: this.now(), actor: by, action, workflowId, detail })
  }
}

function view(row: RequestRow): DeploymentRequest {
  return {
    n: row.n,
    workflowId: row.workflow_id,
    state: row.state,
    requestedBy: row.requested_by,
    requestedAt: iso(row.requested_at),
    revision: row.revision,
    ...(row.base_deployment_id ? { baseDeploymentId: row.base_deployment_id } : {}),
    diff: JSON.parse(row.diff) as CompiledDiff,
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
    ...(row.decided_at !== null ? { decidedAt: iso(row.decided_at) } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.deployment_id ? { deploymentId: row.deployment_id } : {}),
    ...(row.pilot ? { pilot: JSON.parse(row.pilot) as PilotSettings } : {}),
  }
}
