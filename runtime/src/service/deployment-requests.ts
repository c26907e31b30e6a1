import {
  deploysNeedApproval,
  diffCompiled,
  type OutsideContext,
  type CompiledDiff,
  type WorkflowDocument,
} from '@conveyor/shared'
import type { PilotSettings } from '@conveyor/shared/protocol/pilots'
import type { Pilot } from '../pilots/pilot-table'
import {
  decideDeploymentRequest,
  DeploymentRequestRows,
  insertDeploymentRequest,
  type DeploymentRequestRow as RequestRow,
} from '../store/repositories/deployment-request-rows'
import type { SqlExecutor } from '../store/sql'
import type { SqlWrite, Writer } from '../store/writer'
import { ConflictError, ForbiddenError, NotFoundError } from './errors'
import type { PilotControl } from './pilots'
import type { Actor, DeployAttempt, DeploymentRequest, DeployResult } from './types'
import { iso } from './views'
import type { WorkflowCatalog } from './workflows'

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
  private readonly rows
  /** Request numbers written but perhaps not yet committed, so concurrent requests cannot collide. */
  private readonly lastN = new Map<string, number>()
  /** Workflows with a decision being made but not yet committed. */
  private readonly deciding = new Set<string>()

  constructor(
    sql: SqlExecutor,
    private readonly writer: Writer,
    private readonly catalog: WorkflowCatalog,
    private readonly now: () => number,
    private readonly context: OutsideContext,
    private readonly pilots: PilotControl,
  ) {
    this.rows = new DeploymentRequestRows(sql)
  }

  /**
   * Deploys at once when the workflow needs no approval; otherwise records a pending request. With
   * `pilot`, the deployment starts as a pilot (on approval, when it needs one); ConflictError
   * `pilot_running` while another pilot of the workflow runs.
   */
  async request(workflowId: string, by: Actor, pilot?: PilotSettings): Promise<DeployAttempt> {
    const row = await this.catalog.row(workflowId)
    const settings = pilot && (await this.pilots.settle(workflowId, pilot))
    this.pilots.assertNoneRunning(workflowId)
    const document = JSON.parse(row.document) as WorkflowDocument
    const ready = await this.catalog.readiness(document)
    if (!ready.compiled) return { ok: false, diagnostics: ready.diagnostics }
    if (!deploysNeedApproval(document, this.context)) {
      const alongside = settings
        ? await this.pilots.alongside(workflowId, settings, by)
        : { recheck: () => this.pilots.assertNoneRunning(workflowId) }
      return this.catalog.deployCompiled(
        workflowId,
        document,
        ready.compiled,
        ready.diagnostics,
        by,
        alongside,
      )
    }
    const baseId = await this.catalog.currentDeploymentId(workflowId)
    const base = baseId ? await this.catalog.deployment(baseId) : undefined
    const drawn = [...document.nodes, ...(base?.document.nodes ?? [])].map((node) => node.id)
    const diff = diffCompiled(base?.compiled, ready.compiled, drawn)
    const stored = await this.rows.lastN(workflowId)
    // Read after the await: a request made meanwhile has raised it.
    const n = Math.max(stored, this.lastN.get(workflowId) ?? 0) + 1
    this.lastN.set(workflowId, n)
    const now = this.now()
    this.write(
      insertDeploymentRequest({
        workflow_id: workflowId,
        n,
        requested_by: by,
        requested_at: now,
        revision: row.revision,
        document: row.document,
        base_deployment_id: baseId ?? null,
        diff: JSON.stringify(diff),
        pilot: settings ? JSON.stringify(settings) : null,
      }),
    )
    this.audit(by, 'deploy.requested', workflowId, { n, revision: row.revision })
    await this.writer.committed()
    return { ok: true, request: await this.get(workflowId, n), diagnostics: ready.diagnostics }
  }

  async list(workflowId: string): Promise<DeploymentRequest[]> {
    await this.catalog.row(workflowId)
    return (await this.rows.all(workflowId)).map(view)
  }

  async get(workflowId: string, n: number): Promise<DeploymentRequest> {
    return view(await this.row(workflowId, n))
  }

  /** Deploys the requested revision's document, as it was when the request was made. */
  async approve(workflowId: string, n: number, by: Actor): Promise<ApprovalResult> {
    return this.decidingOnce(workflowId, n, async (row) => {
      await this.assertMayApprove(row, by)
      const latest = await this.catalog.currentDeploymentId(workflowId)
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
        ? await this.pilots.alongside(workflowId, JSON.parse(row.pilot) as Pilot['settings'], by)
        : undefined
      const result = await this.catalog.deployCompiled(
        workflowId,
        document,
        ready.compiled,
        ready.diagnostics,
        by,
        {
          detail: { request: n, requestedBy: row.requested_by, ...pilot?.detail },
          recheck: () => pilot?.recheck?.(),
          record: (deploymentId, version) => {
            pilot?.record?.(deploymentId, version)
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
      return { ok: true, request: await this.get(workflowId, n), deployment: result.deployment }
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
      return await this.get(workflowId, n)
    })
  }

  /**
   * Runs a decision on a pending request, one decision per workflow at a time: two approvals made
   * together could otherwise both find the same version deployed and both deploy. The workflow is
   * marked before the request is read, so a decision that read it while another was committing
   * cannot follow that one.
   */
  private async decidingOnce<T>(workflowId: string, n: number, decide: (row: RequestRow) => Promise<T>) {
    if (this.deciding.has(workflowId)) {
      throw new ConflictError(
        `Another deploy request of "${workflowId}" is being decided; try again`,
        'request_being_decided',
      )
    }
    this.deciding.add(workflowId)
    try {
      const row = await this.row(workflowId, n)
      if (row.state !== 'pending') {
        throw new ConflictError(
          `Deploy request ${n} of "${workflowId}" was ${row.state} already`,
          'request_not_pending',
          { state: row.state },
        )
      }
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
    this.write(decideDeploymentRequest(workflowId, n, { state, by, at, reason, deploymentId }))
  }

  private write({ sql, params }: SqlWrite): void {
    this.writer.write(sql, params)
  }

  private async assertMayApprove(row: RequestRow, by: Actor): Promise<void> {
    if (row.requested_by === by) {
      throw new ForbiddenError(
        `You requested deploy ${row.n} of "${row.workflow_id}"; another person must approve it`,
      )
    }
    const changed = await this.savedSinceDeployed(row)
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
  private async savedSinceDeployed(row: RequestRow): Promise<Set<Actor>> {
    const saves = await this.rows.savesSinceLastDeploy(row.workflow_id)
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
  private async row(workflowId: string, n: number): Promise<RequestRow> {
    await this.catalog.row(workflowId)
    const row = await this.rows.one(workflowId, n)
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
