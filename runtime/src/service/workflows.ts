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
import type { Db } from '../store/database'
import type { Writer } from '../store/writer'
import { ConflictError, InvalidError, NotFoundError } from './errors'
import type { Deployment, DeploymentSummary, DeployResult, WorkflowRecord, WorkflowSummary } from './types'
import { iso } from './views'
import { keptAfterDeletion, WorkflowRetirement } from './workflow-retirement'

interface WorkflowRow {
  id: string
  name: string
  document: string
  revision: number
  created_at: number
  updated_at: number
}

interface DeploymentRow {
  id: string
  workflow_id: string
  version: number
  document: string
  compiled: string
  deployed_at: number
  deployed_by: string
  secrets: string
  retired_at: number | null
}

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
  detail: Record<string, unknown>
  record: (deploymentId: string, version: number) => void
}

/** Stored documents and their immutable deployments. */
export class WorkflowCatalog {
  private readonly sql
  /** Ids and versions written but not yet committed, so concurrent calls cannot collide. */
  private readonly creating = new Set<string>()
  private readonly lastVersion = new Map<string, number>()
  private readonly lastRevision = new Map<string, number>()
  private readonly retirement

  constructor(
    db: Db,
    private readonly writer: Writer,
    private readonly now: () => number,
    /** The names of the stored secrets, which a deployment's references must be among. */
    private readonly storedSecrets: () => Promise<ReadonlySet<string>> = async () => new Set(),
  ) {
    this.retirement = new WorkflowRetirement(db)
    this.sql = {
      all: db.prepare('SELECT * FROM workflows ORDER BY name'),
      one: db.prepare('SELECT * FROM workflows WHERE id = ?'),
      count: db.prepare('SELECT COUNT(*) AS n FROM workflows'),
      exists: db.prepare('SELECT 1 FROM workflows WHERE id = ?'),
      // A deleted workflow's deployments (retired) are not those of one made later under its id,
      // which only numbers its versions after them.
      latestDeployment: db.prepare(`SELECT id, version, deployed_at FROM deployments
        WHERE workflow_id = ? AND retired_at IS NULL ORDER BY version DESC LIMIT 1`),
      maxVersion: db.prepare(
        'SELECT COALESCE(MAX(version), 0) AS version FROM deployments WHERE workflow_id = ?',
      ),
      // Pilots that were not promoted only take the instances their pilot routes to them.
      currentDeployment:
        db.prepare(`SELECT id FROM deployments d WHERE workflow_id = ? AND retired_at IS NULL AND NOT EXISTS
        (SELECT 1 FROM pilots p WHERE p.workflow_id = d.workflow_id AND p.version = d.version
          AND p.state <> 'promoted') ORDER BY version DESC LIMIT 1`),
      deployments: db.prepare(
        'SELECT id, workflow_id, version, deployed_at, deployed_by, secrets, retired_at FROM deployments WHERE workflow_id = ? ORDER BY version DESC',
      ),
      deployment: db.prepare('SELECT * FROM deployments WHERE id = ?'),
    }
  }

  private summary(row: WorkflowRow, document: WorkflowDocument): WorkflowSummary {
    const latest = this.sql.latestDeployment.get(row.id) as
      { id: string; version: number; deployed_at: number } | undefined
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

  private record(row: WorkflowRow): WorkflowRecord {
    const document = JSON.parse(row.document) as WorkflowDocument
    return { ...this.summary(row, document), document, createdAt: iso(row.created_at) }
  }

  list(): WorkflowSummary[] {
    return (this.sql.all.all() as WorkflowRow[]).map((row) =>
      this.summary(row, JSON.parse(row.document) as WorkflowDocument),
    )
  }

  row(workflowId: string): WorkflowRow {
    const row = this.sql.one.get(workflowId) as WorkflowRow | undefined
    if (!row) throw new NotFoundError('workflow', workflowId)
    return row
  }

  get(workflowId: string): WorkflowRecord {
    return this.record(this.row(workflowId))
  }

  exists(workflowId: string): boolean {
    return this.sql.exists.get(workflowId) !== undefined
  }

  isEmpty(): boolean {
    return (this.sql.count.get() as { n: number }).n === 0
  }

  async create(input: unknown, by: string): Promise<WorkflowRecord> {
    const document = parseDocument(input)
    if (this.sql.one.get(document.id) || this.creating.has(document.id)) {
      throw new ConflictError(`a workflow with id "${document.id}" exists already`, 'workflow_exists', {
        id: document.id,
      })
    }
    const now = this.now()
    this.creating.add(document.id)
    this.writer.write(
      'INSERT INTO workflows (id, name, document, revision, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
      [document.id, document.name, JSON.stringify(document), now, now],
    )
    this.audit(by, 'workflow.created', document.id, { revision: 1 })
    try {
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
    const row = this.row(workflowId)
    const document = parseDocumentOf(workflowId, input)
    if (expectedRevision !== undefined && expectedRevision !== row.revision) {
      throw staleRevision(workflowId, row.revision, expectedRevision)
    }
    const revision = Math.max(row.revision, this.lastRevision.get(workflowId) ?? 0) + 1
    if (expectedRevision !== undefined && revision !== expectedRevision + 1) {
      throw new ConflictError(`workflow "${workflowId}" is being saved by someone else`, 'stale_revision', {
        revision: revision - 1,
      })
    }
    this.lastRevision.set(workflowId, revision)
    const now = this.now()
    this.writer.write(
      'UPDATE workflows SET name = ?, document = ?, revision = ?, updated_at = ? WHERE id = ?',
      [document.name, JSON.stringify(document), revision, now, workflowId],
    )
    this.audit(by, 'workflow.updated', workflowId, { revision, editors })
    await this.writer.committed()
    return this.get(workflowId)
  }

  /**
   * Deletes the workflow with its runtime policy and pending work, in one transaction with the
   * audit entry that names what went and what was kept.
   */
  async remove(workflowId: string, by: string): Promise<void> {
    this.row(workflowId)
    this.lastRevision.delete(workflowId)
    const removed = this.retirement.count(workflowId)
    this.writer.write('DELETE FROM workflows WHERE id = ?', [workflowId])
    this.retirement.remove(this.writer, workflowId, this.now())
    this.audit(by, 'workflow.deleted', workflowId, { removed, kept: keptAfterDeletion })
    await this.writer.committed()
  }

  async deploy(workflowId: string, by: string): Promise<DeployResult> {
    const document = JSON.parse(this.row(workflowId).document) as WorkflowDocument
    const ready = await this.readiness(document)
    if (!ready.compiled) return { ok: false, diagnostics: ready.diagnostics }
    return this.deployCompiled(workflowId, document, ready.compiled, ready.diagnostics, by)
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
   * Records a new deployment of `document` as compiled. `alongside` (an approved request) adds to
   * the `workflow.deployed` audit entry and records its own writes in the same transaction.
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
    const stored = (this.sql.maxVersion.get(workflowId) as { version: number }).version
    const version = Math.max(stored, this.lastVersion.get(workflowId) ?? 0) + 1
    this.lastVersion.set(workflowId, version)
    const id = `${workflowId}@${version}`
    const now = this.now()
    const compiled = JSON.stringify(compiledWorkflow)
    this.writer.write(
      `INSERT INTO deployments (id, workflow_id, version, document, compiled, deployed_at, deployed_by, secrets)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, workflowId, version, JSON.stringify(document), compiled, now, by, JSON.stringify(secrets)],
    )
    this.audit(by, 'workflow.deployed', workflowId, {
      deploymentId: id,
      version,
      secrets,
      ...alongside?.detail,
    })
    alongside?.record(id, version)
    await this.writer.committed()
    return { ok: true, deployment: this.deployment(id), diagnostics }
  }

  deployments(workflowId: string): DeploymentSummary[] {
    this.row(workflowId)
    return (this.sql.deployments.all(workflowId) as DeploymentRow[]).map(deploymentSummary)
  }

  /**
   * The deployment new instances start on: the latest, passing over pilots that were not promoted
   * (a running pilot takes only its share, beside this one).
   */
  currentDeploymentId(workflowId: string): string | undefined {
    return (this.sql.currentDeployment.get(workflowId) as { id: string } | undefined)?.id
  }

  deployment(deploymentId: string): Deployment {
    const row = this.sql.deployment.get(deploymentId) as DeploymentRow | undefined
    if (!row) throw new NotFoundError('deployment', deploymentId)
    return {
      ...deploymentSummary(row),
      compiled: JSON.parse(row.compiled) as CompiledWorkflow,
      document: JSON.parse(row.document) as WorkflowDocument,
    }
  }

  private audit(by: string, action: string, workflowId: string, detail: Record<string, unknown> | null) {
    this.writer.auditWorkflow({ at: this.now(), actor: by, action, workflowId, detail })
  }
}

function deploymentSummary(row: Omit<DeploymentRow, 'document' | 'compiled'>): DeploymentSummary {
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
