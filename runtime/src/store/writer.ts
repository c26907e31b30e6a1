import { appendAudit } from './audit-append'
import {
  eventInserts,
  instanceUpserts,
  outboxInserts,
  outboxUpdate,
  type AuditWrite,
  type EventWrite,
  type InstanceWrite,
  type OutboxChange,
  type SqlWrite,
} from './batch-rows'
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql/sql-database'

export type { AuditWrite, EventWrite, InstanceWrite, SqlValue, SqlWrite }

/** A batch that could not be committed, or one refused because an earlier batch could not be. */
export class StoreWriteError extends Error {
  constructor(override readonly cause: unknown) {
    super(`a write to the database failed (${cause instanceof Error ? cause.message : String(cause)})`)
    this.name = 'StoreWriteError'
  }
}

/**
 * A step run inside every batch's transaction that appended events, after its rows are written
 * and before its audit rows, with those events and the sequence number of the last (on SQLite,
 * where the log's order is the commit order). What it returns runs once that transaction has
 * committed.
 */
export type InTransactionStep = (
  tx: SqlExecutor,
  events: readonly EventWrite[],
  lastSeq: number,
) => Promise<(() => void) | void> | void

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
 * the batch is written in one transaction (one fsync) on a later turn of the event loop, and
 * only then are the callers' promises resolved. One batch is in flight at a time: the next one
 * fills meanwhile and is committed once the one before has (so batches commit in the order they
 * were filled). Within a batch, an instance's row is written once (its last state) and outbox work
 * both recorded and finished is never written at all.
 */
export class Writer {
  private batch: Batch | undefined
  /** The batch being committed, until its callers have been told. */
  private inFlight: Promise<void> | undefined
  private scheduled = false
  private closed = false
  /** Set by the first batch that failed: no later batch is committed (fail-stop). */
  private failure: StoreWriteError | undefined

  /** Told when a batch fails to commit (the engine stops acting on state the store does not have). */
  onFailure: (error: unknown) => void = () => undefined
  /**
   * Runs inside every batch's transaction that appended events (see InTransactionStep): what is
   * kept in step with them (the metric tallies) commits with them or not at all.
   */
  inTransaction: InTransactionStep = () => undefined
  /** Told when an after-commit callback throws; the other callbacks still run. */
  onCallbackError: (error: unknown) => void = (error) => console.error('An after-commit step failed:', error)

  constructor(private readonly db: SqlDatabase) {}

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
    this.schedule()
    return batch
  }

  /** Resolves once everything written so far is committed. */
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

  /**
   * Commits the open batch now, or as soon as the batch in flight has committed; resolves once it
   * has (at once when nothing is written or in flight).
   */
  flush(): Promise<void> {
    const batch = this.batch
    if (batch === undefined) return this.inFlight ?? Promise.resolve()
    this.commitNext()
    return batch.committed
  }

  /** Commits what is written (and what its after-commit steps write), then refuses further writes. */
  async close(): Promise<void> {
    while (this.batch !== undefined || this.inFlight !== undefined) {
      await this.flush().catch(() => undefined)
    }
    this.closed = true
  }

  /** On a later turn of the event loop, so that the batch gathers all that this turn writes. */
  private schedule(): void {
    if (this.scheduled || this.inFlight !== undefined) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.commitNext()
    })
  }

  private commitNext(): void {
    const batch = this.batch
    if (batch === undefined || this.inFlight !== undefined) return
    this.batch = undefined
    let landed!: () => void
    // Set before the commit runs: a batch with nothing to write completes at once.
    this.inFlight = new Promise<void>((resolve) => (landed = resolve))
    this.commit(batch)
      .catch((error: unknown) => this.onCallbackError(error))
      .finally(landed)
  }

  private async commit(batch: Batch): Promise<void> {
    let committed: (() => void) | void = undefined
    try {
      if (!isEmpty(batch)) committed = await this.db.transaction((tx) => this.writeBatch(tx, batch))
    } catch (error) {
      this.failure = new StoreWriteError(error)
      this.inFlight = undefined
      batch.reject(this.failure)
      // The batch that filled meanwhile is refused with it.
      this.batch?.reject(this.failure)
      this.batch = undefined
      this.onFailure(this.failure)
      return
    }
    this.inFlight = undefined
    committed?.()
    batch.resolve()
    for (const callback of batch.afterCommit) {
      try {
        callback()
      } catch (error) {
        this.onCallbackError(error)
      }
    }
    if (this.batch !== undefined) this.schedule()
  }

  /** The batch's statements, in the order the store relies on; the audit rows last (their lock is held to COMMIT). */
  private async writeBatch(tx: SqlExecutor, batch: Batch): Promise<(() => void) | void> {
    const instances: InstanceWrite[] = []
    for (const row of batch.instances.values()) instances.push(row())
    for (const write of instanceUpserts(instances)) await tx.run(write.sql, write.params)
    let lastSeq = 0
    for (const write of eventInserts(batch.events)) {
      const seqs = await tx.all<{ seq: number }>(write.sql, write.params)
      for (const { seq } of seqs) if (seq > lastSeq) lastSeq = seq
    }
    const inserted: Array<OutboxChange & Required<Pick<OutboxChange, 'insert'>>> = []
    for (const [id, change] of batch.outbox) {
      if (change.insert) inserted.push({ ...change, insert: change.insert })
      else if (change.update) {
        const write = outboxUpdate(id, change.update)
        await tx.run(write.sql, write.params)
      }
    }
    for (const write of outboxInserts(inserted)) await tx.run(write.sql, write.params)
    for (const { sql, params } of batch.extra) await tx.run(sql, params)
    const committed =
      batch.events.length > 0 ? await this.inTransaction(tx, batch.events, lastSeq) : undefined
    await appendAudit(tx, this.db.engine, batch.audit)
    return committed
  }
}

const isEmpty = (batch: Batch) =>
  batch.instances.size === 0 &&
  batch.events.length === 0 &&
  batch.audit.length === 0 &&
  batch.outbox.size === 0 &&
  batch.extra.length === 0
