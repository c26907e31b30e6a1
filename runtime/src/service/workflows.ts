import {
  compile,
  formatPath,
  migrate,
  secretsUsedBy,
  unknownSecretDiagnostics,
  WorkflowDocument,
  type CompiledWorkflow,
  type Diagnostic,
} from '@conveyor/shared'
import {
  deleteWorkflow,
  insertDeployment,
  insertWorkflow,
  updateWorkflow,
  WorkflowRows,
  type DeploymentSummaryRow,
  type WorkflowRow,
} from '../store/repositories/workflow-rows'
import type { SqlExecutor } from '../store/sql'
import type { SqlWrite, Writer } from '../store/writer'
import { ConflictError, InvalidError, NotFoundError } from './errors'
import type { Deployment, DeploymentSummary, DeployResult, WorkflowRecord, WorkflowSummary } from './types'
import { iso } from './views'
import { keptAfterDeletion, WorkflowRetirement } from './workflow-retirement'

/** A document as stored: migrated to the current schema version and parsed, or an InvalidError. */
export function parseDocument(input: unknown): WorkflowDocument {
  const migrated = migrate(input)
  if (!migrated.ok)
    throw new InvalidError(migrated.message, [{ path: 'document', message: migrated.message }])
  const parsed = WorkflowDocument.safeParse(migrated.document)
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      path: formatPath(['document', ...issue.path]),
      message: issue.message,
    }))
    throw new InvalidError('the workflow document does not fit the schema', errors)
  }
  return parsed.data
}

/** The document a save of `workflowId` sends, parsed; an InvalidError when it does not fit or names another id. */
export function parseDocumentOf(workflowId: string, input: unknown): WorkflowDocument {
  const document = parseDocument(input)
  if (document.id !== workflowId) {
    throw new InvalidError(`the document's id "${document.id}" is not "${workflowId}"`, [
      { path: 'document.id', message: `must be "${workflowId}"` },
    ])
  }
  return document
}

/** A save built on a revision that is no longer the stored one: someone saved in between. */
export function staleRevision(workflowId: string, stored: number, expected: number): ConflictError {
  return new ConflictError(
    `workflow "${workflowId}" was saved by someone else (revision ${stored}, you edited ${expected})`,
    'stale_revision',
    { revision: stored },
  )
}

/** What a deploy records beside the deployment, in its transaction (an approval, a pilot). */
export interface DeployAlongside {
  /** Added to the `workflow.deployed` audit entry. */
  detail?: Record<string, unknown>
  /**
   * Checked once more right before the deployment is written, after every read of the deploy:
   * throws to refuse it when what was checked before those reads no longer holds.
   */
  recheck?: () => void
  record?: (deploymentId: string, version: number) => void
}

/** Stored documents and their immutable deployments. */
export class WorkflowCatalog {
  private readonly rows
  /**
   * Ids being created: marked before the store is asked, so of two creates with one id the second
   * sees the mark or, once the first has committed, its row.
   */
  private readonly creating = new Set<string>()
  /** Versions and revisions written but perhaps not yet committed, so concurrent calls cannot collide. */
  private readonly lastVersion = new Map<string, number>()
  private readonly lastRevision = new Map<string, number>()
  private readonly retirement

  constructor(
    sql: SqlExecutor,
    private readonly writer: Writer,
    private readonly now: () => number,
    /** The names of the stored secrets, which a deployment's references must be among. */
    private readonly storedSecrets: () => Promise<ReadonlySet<string>> = async () => new Set(),
  ) {
    this.rows = new WorkflowRows(sql)
    this.retirement = new WorkflowRetirement(sql)
  }

  private async summary(row: WorkflowRow, document: WorkflowDocument): Promise<WorkflowSummary> {
    const latest = await this.rows.latestDeployment(row.id)
    return {
      id: row.id,
      name: row.name,
      ...(document.description ? { description: document.description } : {}),
      ...(document.owner ? { owner: document.owner } : {}),
      ...(document.valueStream ? { valueStream: document.valueStream } : {}),
      nodeCount: document.nodes.length,
      revision: row.revision,
      updatedAt: iso(row.updated_at),
      ...(latest
        ? {
            latestDeployment: { id: latest.id, version: latest.version, deployedAt: iso(latest.deployed_at) },
          }
        : {}),
    }
  }

  private async record(row: WorkflowRow): Promise<WorkflowRecord> {
    const document = JSON.parse(row.document) as WorkflowDocument
    return { ...(await this.summary(row, document)), document, createdAt: iso(row.created_at) }
  }

  async list(): Promise<WorkflowSummary[]> {
    const rows = await this.rows.all()
    return Promise.all(rows.map((row) => this.summary(row, JSON.parse(row.document) as WorkflowDocument)))
  }

  async row(workflowId: string): Promise<WorkflowRow> {
    const row = await this.rows.one(workflowId)
    if (!row) throw new NotFoundError('workflow', workflowId)
    return row
  }

  async get(workflowId: string): Promise<WorkflowRecord> {
    return this.record(await this.row(workflowId))
  }

  exists(workflowId: string): Promise<boolean> {
    return this.rows.exists(workflowId)
  }

  isEmpty(): Promise<boolean> {
    return this.rows.isEmpty()
  }

  async create(input: unknown, by: string): Promise<WorkflowRecord> {
    const document = parseDocument(input)
    const exists = () =>
      new ConflictError(`a workflow with id "${document.id}" exists already`, 'workflow_exists', {
        id: document.id,
      })
    if (this.creating.has(document.id)) throw exists()
    this.creating.add(document.id)
    try {
      if (await this.rows.exists(document.id)) throw exists()
      const now = this.now()
      this.write(
        insertWorkflow({
          id: document.id,
          name: document.name,
          document: JSON.stringify(document),
          created_at: now,
          updated_at: now,
        }),
      )
      this.audit(by, 'workflow.created', document.id, { revision: 1 })
      await this.writer.committed()
    } finally {
      this.creating.delete(document.id)
    }
    return this.get(document.id)
  }

  async update(
    workflowId: string,
    input: unknown,
    expectedRevision: number | undefined,
    by: string,
    editors: readonly string[] = [by],
  ) {
    const row = await this.row(workflowId)
    const document = parseDocumentOf(workflowId, input)
    if (expectedRevision !== undefined && expectedRevision !== row.revision) {
      throw staleRevision(workflowId, row.revision, expectedRevision)
    }
    // Read after the row's await: a save that came in meanwhile has raised it.
    const revision = Math.max(row.revision, this.lastRevision.get(workflowId) ?? 0) + 1
    if (expectedRevision !== undefined && revision !== expectedRevision + 1) {
      throw new ConflictError(`workflow "${workflowId}" is being saved by someone else`, 'stale_revision', {
        revision: revision - 1,
      })
    }
    this.lastRevision.set(workflowId, revision)
    const now = this.now()
    this.write(
      updateWorkflow({
        id: workflowId,
        name: document.name,
        document: JSON.stringify(document),
        revision,
        updated_at: now,
      }),
    )
    this.audit(by, 'workflow.updated', workflowId, { revision, editors })
    await this.writer.committed()
    return this.get(workflowId)
  }

  /**
   * Deletes the workflow with its runtime policy and pending work, in one transaction with the
   * audit entry that names what went and what was kept. `alongside` writes what goes with it in
   * that transaction; it runs after every read, right before the deletion is written.
   */
  async remove(workflowId: string, by: string, alongside: () => void = () => undefined): Promise<void> {
    await this.row(workflowId)
    const removed = await this.retirement.count(workflowId)
    alongside()
    this.lastRevision.delete(workflowId)
    this.write(deleteWorkflow(workflowId))
    this.retirement.remove(this.writer, workflowId, this.now())
    this.audit(by, 'workflow.deleted', workflowId, { removed, kept: keptAfterDeletion })
    await this.writer.committed()
  }

  async deploy(workflowId: string, by: string, alongside?: DeployAlongside): Promise<DeployResult> {
    const document = JSON.parse((await this.row(workflowId)).document) as WorkflowDocument
    const ready = await this.readiness(document)
    if (!ready.compiled) return { ok: false, diagnostics: ready.diagnostics }
    return this.deployCompiled(workflowId, document, ready.compiled, ready.diagnostics, by, alongside)
  }

  /** The document compiled, unless it is not ready to run; with every finding, blocking or not. */
  async readiness(
    document: WorkflowDocument,
  ): Promise<{ compiled?: CompiledWorkflow; diagnostics: Diagnostic[] }> {
    const result = compile(document)
    // The document's own findings first; a secret that is not stored is one more thing to set up.
    const diagnostics = result.compiled
      ? [...result.diagnostics, ...unknownSecretDiagnostics(document, await this.storedSecrets())]
      : result.diagnostics
    if (!result.compiled || diagnostics.some((d) => d.severity === 'error')) return { diagnostics }
    return { compiled: result.compiled, diagnostics }
  }

  /**
   * Records a new deployment of `document` as compiled. `alongside` (an approved request, a pilot)
   * is checked again after the reads, adds to the `workflow.deployed` audit entry and records its
   * own writes in the same transaction.
   */
  async deployCompiled(
    workflowId: string,
    document: WorkflowDocument,
    compiledWorkflow: CompiledWorkflow,
    diagnostics: Diagnostic[],
    by: string,
    alongside?: DeployAlongside,
  ): Promise<Extract<DeployResult, { ok: true }>> {
    const secrets = secretsUsedBy(document)
    const stored = await this.rows.maxVersion(workflowId)
    alongside?.recheck?.()
    // Read after the await: a deploy that came in meanwhile has raised it.
    const version = Math.max(stored, this.lastVersion.get(workflowId) ?? 0) + 1
    this.lastVersion.set(workflowId, version)
    const id = `${workflowId}@${version}`
    const now = this.now()
    this.write(
      insertDeployment({
        id,
        workflow_id: workflowId,
        version,
        document: JSON.stringify(document),
        compiled: JSON.stringify(compiledWorkflow),
        deployed_at: now,
        deployed_by: by,
        secrets: JSON.stringify(secrets),
      }),
    )
    this.audit(by, 'workflow.deployed', workflowId, {
      deploymentId: id,
      version,
      secrets,
      ...alongside?.detail,
    })
    alongside?.record?.(id, version)
    await this.writer.committed()
    return { ok: true, deployment: await this.deployment(id), diagnostics }
  }

  async deployments(workflowId: string): Promise<DeploymentSummary[]> {
    await this.row(workflowId)
    return (await this.rows.deployments(workflowId)).map(deploymentSummary)
  }

  /**
   * The deployment new instances start on: the latest, passing over pilots that were not promoted
   * (a running pilot takes only its share, beside this one).
   */
  currentDeploymentId(workflowId: string): Promise<string | undefined> {
    return this.rows.currentDeploymentId(workflowId)
  }

  async deployment(deploymentId: string): Promise<Deployment> {
    const row = await this.rows.deployment(deploymentId)
    if (!row) throw new NotFoundError('deployment', deploymentId)
    return {
      ...deploymentSummary(row),
      compiled: JSON.parse(row.compiled) as CompiledWorkflow,
      document: JSON.parse(row.document) as WorkflowDocument,
    }
  }

  private write({ sql, params }: SqlWrite) {
    this.writer.write(sql, params)
  }

  private audit(by: string, action: string, workflowId: string, detail: Record<string, unknown> | null) {
    this.writer.auditWorkflow({ at: this.now(), actor: by, action, workflowId, detail })
  }
}

function deploymentSummary(row: DeploymentSummaryRow): DeploymentSummary {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    version: row.version,
    deployedAt: iso(row.deployed_at),
    deployedBy: row.deployed_by,
    secrets: JSON.parse(row.secrets) as string[],
    ...(row.retired_at === null ? {} : { retiredAt: iso(row.retired_at) }),
  }
}
