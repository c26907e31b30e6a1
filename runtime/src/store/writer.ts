import type { EventType } from '@conveyor/shared/protocol/event-log'
import type { Statement } from 'better-sqlite3'
import { auditColumns, chainHash, genesisHash, type AuditRow } from './audit-chain'
import type { Db } from './database'
import type { SqlValue } from './sql/sql-database'

export type { SqlValue }

export interface InstanceWrite {
  id: string
  workflowId: string
  deploymentId: string
  version: number
  trigger: string
  status: string
  outcome: string | null
  activeNodes: string
  snapshot: string
  visits: string
  startedAt: number
  updatedAt: number
  endedAt: number | null
}

export interface EventWrite {
  at: number
  instanceId: string
  workflowId: string
  deploymentId: string
  type: EventType
  nodeId?: string | null
  visit?: number | null
  /** Nodes the transition entered, as `nodeId:visit` joined by commas. */
  entered?: string | null
  /** An object, or already serialized JSON. */
  detail?: Record<string, unknown> | string | null
}

export type AuditWrite = Omit<AuditRow, 'seq' | 'detail'> & {
  detail?: Record<string, unknown> | string | null
}

const json = (detail: Record<string, unknown> | string | null | undefined): string | null =>
  detail === null || detail === undefined
    ? null
    : typeof detail === 'string'
      ? detail
      : JSON.stringify(detail)

/** A batch that could not be committed, or one refused because an earlier batch could not be. */
export class StoreWriteError extends Error {
  constructor(override readonly cause: unknown) {
    super(`a write to the database failed (${cause instanceof Error ? cause.message : String(cause)})`)
    this.name = 'StoreWriteError'
  }
}

interface OutboxChange {
  insert?: { id: string; instanceId: string; nodeId: string; visit: number; at: number }
  update?: { status: string; attempts: number; lastError: string | null; at: number }
}

/** One statement of the batch, as data: SQL in the portable dialect (`?` placeholders) and its values. */
export interface SqlWrite {
  sql: string
  params: readonly SqlValue[]
}

interface Batch {
  instances: Map<string, () => InstanceWrite>
  events: EventWrite[]
  audit: AuditWrite[]
  outbox: Map<string, OutboxChange>
  extra: SqlWrite[]
  afterCommit: Array<() => void>
  committed: Promise<void>
  resolve: () => void
  reject: (error: unknown) => void
}

/**
 * Group commit. Everything the engine writes while handling events goes into the open batch;
 * the batch is written in one transaction (one fsync) on the next turn of the event loop, and
 * only then are the callers' promises resolved. Within a batch, an instance's row is written
 * once (its last state) and outbox work both recorded and finished is never written at all.
 */
export class Writer {
  private batch: Batch | undefined
  private lastSeq = 0
  private lastHash = genesisHash
  private readonly lastAudit: Statement
  private closed = false
  /** Set by the first batch that failed: no later batch is committed (fail-stop). */
  private failure: StoreWriteError | undefined
  private readonly statements: Record<string, Statement>
  /** The batch's other statements, prepared once per SQL text. */
  private readonly prepared = new Map<string, Statement>()

  /** Told when a batch fails to commit (the engine stops acting on state the store does not have). */
  onFailure: (error: unknown) => void = () => undefined
  /**
   * Runs last inside every batch's transaction that appended events, after its rows are written,
   * with those events and the sequence number of the last: what is kept in step with them (the
   * metric tallies) commits with them or not at all.
   */
  inTransaction: (events: readonly EventWrite[], lastSeq: number) => void = () => undefined
  /** Told when an after-commit callback throws; the other callbacks still run. */
  onCallbackError: (error: unknown) => void = (error) => console.error('An after-commit step failed:', error)

  constructor(private readonly db: Db) {
    this.lastAudit = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1')
    this.statements = {
      instance:
        db.prepare(`INSERT INTO instances (id, workflow_id, deployment_id, version, trigger_id, status, outcome,
          active_nodes, snapshot, visits, started_at, updated_at, ended_at)
        VALUES (@id, @workflowId, @deploymentId, @version, @trigger, @status, @outcome, @activeNodes, @snapshot,
          @visits, @startedAt, @updatedAt, @endedAt)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, outcome = excluded.outcome,
          active_nodes = excluded.active_nodes, snapshot = excluded.snapshot, visits = excluded.visits,
          updated_at = excluded.updated_at, ended_at = excluded.ended_at`),
      event:
        db.prepare(`INSERT INTO events (at, instance_id, workflow_id, deployment_id, type, node_id, visit, entered, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      audit: db.prepare(`INSERT INTO audit (seq, at, actor, action, workflow_id, instance_id, node_id, detail,
          prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      outboxInsert:
        db.prepare(`INSERT INTO outbox (id, instance_id, node_id, visit, status, attempts, last_error,
          created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
          last_error = excluded.last_error, updated_at = excluded.updated_at`),
      outboxUpdate: db.prepare(
        'UPDATE outbox SET status = ?, attempts = ?, last_error = ?, updated_at = ? WHERE id = ?',
      ),
    }
  }

  private open(): Batch {
    if (this.closed) throw new Error('the store is closed')
    if (this.batch) return this.batch
    let resolve!: () => void
    let reject!: (error: unknown) => void
    const committed = new Promise<void>((res, rej) => {
      resolve = res
      reject = rej
    })
    // Engine-internal batches have no one waiting on them; a failure is reported through onFailure.
    committed.catch(() => undefined)
    const batch: Batch = {
      instances: new Map(),
      events: [],
      audit: [],
      outbox: new Map(),
      extra: [],
      afterCommit: [],
      committed,
      resolve,
      reject,
    }
    if (this.failure !== undefined) {
      // After a failed commit, writes are collected nowhere and never committed.
      reject(this.failure)
      return batch
    }
    this.batch = batch
    setImmediate(() => this.flush())
    return batch
  }

  /** Resolves once everything written so far is on disk. */
  committed(): Promise<void> {
    return this.open().committed
  }

  /** The instance's row, built when the batch is written: only its latest state is stored. */
  instance(id: string, row: () => InstanceWrite): void {
    this.open().instances.set(id, row)
  }

  event(row: EventWrite): void {
    this.open().events.push(row)
  }

  audit(row: AuditWrite): void {
    this.open().audit.push(row)
  }

  /** An audit row about a workflow or one of its nodes, not about one instance (deploys, switches, secrets). */
  auditWorkflow(
    row: Omit<AuditWrite, 'instanceId' | 'nodeId' | 'workflowId'> & { workflowId: string; nodeId?: string },
  ): void {
    this.audit({ ...row, instanceId: null, nodeId: row.nodeId ?? null })
  }

  /** An audit row about the installation itself (tokens, secrets, lanes), not about a workflow. */
  auditAdministration(at: number, actor: string, action: string, detail: Record<string, unknown>): void {
    this.audit({ at, actor, action, workflowId: null, instanceId: null, nodeId: null, detail })
  }

  outboxPending(id: string, instanceId: string, nodeId: string, visit: number, at: number): void {
    this.open().outbox.set(id, { insert: { id, instanceId, nodeId, visit, at } })
  }

  outboxStatus(
    id: string,
    status: 'pending' | 'done' | 'failed' | 'cancelled',
    attempts: number,
    lastError: string | null,
    at: number,
  ) {
    const batch = this.open()
    const change = batch.outbox.get(id)
    if (change?.insert && status === 'done') {
      batch.outbox.delete(id)
      return
    }
    batch.outbox.set(id, { ...change, update: { status, attempts, lastError, at } })
  }

  /**
   * Any other write that belongs in the same transaction, as data: one statement in the portable
   * dialect (`?` placeholders, `ON CONFLICT … DO UPDATE/NOTHING`), run in the order written, after
   * the batch's instances, events and outbox and before its audit rows.
   */
  write(sql: string, params: readonly SqlValue[] = []): void {
    this.open().extra.push({ sql, params })
  }

  /** Runs after the transaction holding everything written so far has committed. */
  afterCommit(callback: () => void): void {
    this.open().afterCommit.push(callback)
  }

  flush(): void {
    const batch = this.batch
    if (!batch) return
    this.batch = undefined
    try {
      this.db.transaction(() => this.commit(batch))()
    } catch (error) {
      this.failure = new StoreWriteError(error)
      batch.reject(this.failure)
      this.onFailure(this.failure)
      return
    }
    batch.resolve()
    for (const callback of batch.afterCommit) {
      try {
        callback()
      } catch (error) {
        this.onCallbackError(error)
      }
    }
  }

  close(): void {
    this.flush()
    this.closed = true
  }

  private statement(sql: string): Statement {
    let statement = this.prepared.get(sql)
    if (!statement) {
      statement = this.db.prepare(sql)
      this.prepared.set(sql, statement)
    }
    return statement
  }

  private commit(batch: Batch): void {
    const s = this.statements
    if (batch.audit.length > 0) {
      // Read inside the transaction: another process (a CLI) may have appended since our last batch.
      const last = this.lastAudit.get() as { seq: number; hash: string } | undefined
      this.lastSeq = last?.seq ?? 0
      this.lastHash = last?.hash ?? genesisHash
    }
    for (const row of batch.instances.values()) s.instance!.run(row())
    let lastEventSeq = 0
    for (const e of batch.events) {
      const { lastInsertRowid } = s.event!.run(
        e.at,
        e.instanceId,
        e.workflowId,
        e.deploymentId,
        e.type,
        e.nodeId ?? null,
        e.visit ?? null,
        e.entered ?? null,
        json(e.detail),
      )
      lastEventSeq = Number(lastInsertRowid)
    }
    for (const [id, change] of batch.outbox) {
      const { insert, update } = change
      if (insert) {
        s.outboxInsert!.run(
          id,
          insert.instanceId,
          insert.nodeId,
          insert.visit,
          update?.status ?? 'pending',
          update?.attempts ?? 0,
          update?.lastError ?? null,
          insert.at,
          update?.at ?? insert.at,
        )
      } else if (update) {
        s.outboxUpdate!.run(update.status, update.attempts, update.lastError, update.at, id)
      }
    }
    for (const { sql, params } of batch.extra) this.statement(sql).run(...params)
    for (const entry of batch.audit) {
      const row: AuditRow = {
        seq: ++this.lastSeq,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        workflowId: entry.workflowId,
        instanceId: entry.instanceId,
        nodeId: entry.nodeId,
        detail: json(entry.detail),
      }
      const hash = chainHash(this.lastHash, row)
      s.audit!.run(...auditColumns(row), this.lastHash, hash)
      this.lastHash = hash
    }
    if (batch.events.length > 0) this.inTransaction(batch.events, lastEventSeq)
  }
}
