import { appendAudit } from './audit-append'
import { checkFence, FencedError, type BatchFence } from './batch-fence'
import {
  eventInserts,
  eventSeqAdvance,
  instanceInserts,
  instanceUpdates,
  outboxInserts,
  outboxUpdate,
  type AuditWrite,
  type EventWrite,
  type InstanceLog,
  type InstanceState,
  type InstanceWrite,
  type OutboxChange,
  type SqlWrite,
} from './batch-rows'
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql/sql-database'

export type { AuditWrite, EventWrite, InstanceLog, InstanceWrite, SqlValue, SqlWrite }

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

/** An instance a batch writes: its row and events (`log`), or only events of one the writer holds no state of. */
interface InstanceEntry {
  log: InstanceLog | undefined
  /** Its events in the batch. */
  events: number
}

/** What a closed batch writes of its instances, fixed when it closed (see `seal`). */
interface Sealed {
  inserts: InstanceState[]
  updates: InstanceState[]
  /** Each event's number among its instance's events; null where the database counts them (no log). */
  instanceSeqs: Array<number | null>
  /** Instances whose events the database counts, with how many the batch adds. */
  counted: Map<string, number>
}

interface Batch {
  instances: Map<string, InstanceEntry>
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
 * were filled). Within a batch, an instance's row is written once (its state when the batch closed)
 * and outbox work both recorded and finished is never written at all.
 *
 * Every event of an instance comes with its row, numbered after the instance's earlier events; the
 * row is updated only where its stored event count is still the one this writer last gave it, and
 * on PostgreSQL with a fence the batch first checks this replica still holds the instances'
 * partitions. A batch failing either is refused whole (FencedError) and the writer goes on with the
 * next; any other failure stops it (fail-stop).
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
   * Told of the instances of a batch refused with a FencedError, all of them (nothing of it was
   * stored): what is held of them in memory is ahead of the store, and their later batches would be
   * refused too until they are loaded again.
   */
  onFenced: (instanceIds: readonly string[]) => void = () => undefined
  /**
   * The instance held in memory, when an event of it is written without its row: the row is then
   * written with it. Undefined for one held nowhere: the database counts its events.
   */
  liveInstance: (instanceId: string) => InstanceLog | undefined = () => undefined
  /**
   * Runs inside every batch's transaction that appended events (see InTransactionStep): what is
   * kept in step with them (the metric tallies) commits with them or not at all.
   */
  inTransaction: InTransactionStep = () => undefined
  /** Told when an after-commit callback throws; the other callbacks still run. */
  onCallbackError: (error: unknown) => void = (error) => console.error('An after-commit step failed:', error)

  private readonly fence: BatchFence | undefined

  /** `fence`: the partitions this replica holds, checked in every batch on PostgreSQL (one SQLite process holds all). */
  constructor(
    private readonly db: SqlDatabase,
    options: { fence?: BatchFence } = {},
  ) {
    this.fence = db.engine === 'postgres' ? options.fence : undefined
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
    this.schedule()
    return batch
  }

  /** Resolves once everything written so far is committed. */
  committed(): Promise<void> {
    return this.open().committed
  }

  /** The instance's row, built when the batch closes: only its latest state is stored. */
  instance(log: InstanceLog): void {
    const instances = this.open().instances
    const entry = instances.get(log.id)
    if (entry === undefined) instances.set(log.id, { log, events: 0 })
    else entry.log = log
  }

  /** An event of an instance; its row goes with it (see `liveInstance`). */
  event(row: EventWrite): void {
    const batch = this.open()
    let entry = batch.instances.get(row.instanceId)
    if (entry === undefined) {
      entry = { log: this.liveInstance(row.instanceId), events: 0 }
      batch.instances.set(row.instanceId, entry)
    }
    entry.events++
    batch.events.push(row)
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
      // Before the first await: as the batch closes, while its instances are in the state its events left them in.
      const sealed = seal(batch)
      if (!isEmpty(batch)) committed = await this.db.transaction((tx) => this.writeBatch(tx, batch, sealed))
    } catch (error) {
      this.inFlight = undefined
      if (error instanceof FencedError) {
        // Only this batch is refused: the next one is written as usual (its instances' rows are
        // checked as this one's were).
        batch.reject(error)
        this.onFenced([...batch.instances.keys()])
        if (this.batch !== undefined) this.schedule()
        return
      }
      this.failure = new StoreWriteError(error)
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
  private async writeBatch(tx: SqlExecutor, batch: Batch, sealed: Sealed): Promise<(() => void) | void> {
    // Lock order, the same in every batch: lease rows, instance rows, (the fold's) tally rows, the audit lock.
    if (this.fence !== undefined) await checkFence(tx, this.fence, batch.instances.keys())
    await writeInstances(tx, sealed)
    await numberCounted(tx, batch.events, sealed)
    let lastSeq = 0
    for (const write of eventInserts(batch.events, sealed.instanceSeqs)) {
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

/**
 * Fixes, as the batch closes, each instance's row (its state now, which its events so far led to)
 * and the numbers of its events: its earlier events' count, then one more for each. The count moves
 * on in memory at once, so a batch that is then refused leaves it ahead of the store: an instance
 * still acting on it is refused too, until loaded again.
 */
function seal(batch: Batch): Sealed {
  const sealed: Sealed = { inserts: [], updates: [], instanceSeqs: [], counted: new Map() }
  const next = new Map<string, number>()
  for (const [id, { log, events }] of batch.instances) {
    if (log === undefined) {
      sealed.counted.set(id, events)
      continue
    }
    const expected = log.eventSeq
    next.set(id, expected)
    log.eventSeq = expected + events
    const state = { row: log.toRow(), eventSeq: log.eventSeq, expected }
    ;(expected === 0 ? sealed.inserts : sealed.updates).push(state)
  }
  for (const event of batch.events) {
    const last = next.get(event.instanceId)
    if (last === undefined) sealed.instanceSeqs.push(null)
    else {
      sealed.instanceSeqs.push(last + 1)
      next.set(event.instanceId, last + 1)
    }
  }
  return sealed
}

/** The instances' rows, each only where the stored row is in the state this writer last left it. */
async function writeInstances(tx: SqlExecutor, sealed: Sealed): Promise<void> {
  const writes = [...instanceInserts(sealed.inserts), ...instanceUpdates(sealed.updates)]
  let written = 0
  for (const write of writes) written += (await tx.all(write.sql, write.params)).length
  const expected = sealed.inserts.length + sealed.updates.length
  if (written !== expected) {
    throw new FencedError(
      `${expected - written} of the batch's ${expected} instances changed in the store since this replica loaded them; nothing of the batch was stored`,
    )
  }
}

/** Numbers the events of instances the writer holds no state of, after their stored count. */
async function numberCounted(tx: SqlExecutor, events: readonly EventWrite[], sealed: Sealed): Promise<void> {
  if (sealed.counted.size === 0) return
  const next = new Map<string, number>()
  for (const [id, count] of sealed.counted) {
    const { sql, params } = eventSeqAdvance(id, count)
    const stored = await tx.get<{ event_seq: number }>(sql, params)
    // An instance with no row has no count: its events stay unnumbered.
    if (stored !== undefined) next.set(id, stored.event_seq - count)
  }
  events.forEach((event, i) => {
    const last = next.get(event.instanceId)
    if (sealed.instanceSeqs[i] !== null || last === undefined) return
    sealed.instanceSeqs[i] = last + 1
    next.set(event.instanceId, last + 1)
  })
}
