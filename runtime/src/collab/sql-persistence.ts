import * as Y from 'yjs'
import type { SqlDatabase } from '../store/sql'
import {
  appendUpdate,
  deleteDocument,
  lockDocument,
  deleteSnapshot,
  lockSnapshot,
  replaceSnapshot,
  storedParts,
  takeUpdates,
  updateCount,
} from '../store/repositories/collab-rows'
import type { CollabPersistence } from './persistence'

/**
 * An update as it was stored: its document, its number in `collab_updates`, its bytes and the
 * people whose connections made it.
 */
export interface StoredUpdate {
  workflowId: string
  seq: number
  update: Uint8Array
  editors: readonly string[]
}

export interface SqlPersistenceOptions {
  /**
   * Told of the updates a transaction stored, once it has committed and before their stores
   * resolve (e.g. to tell other replicas); what it throws is its own to report, the updates stay
   * stored.
   */
  afterCommit?(stored: readonly StoredUpdate[]): Promise<void>
}

/** What a derivation adds to a document's stored state (nothing when it needs nothing). */
export type DeriveUpdate = (stored: Uint8Array | null) => Promise<Uint8Array | undefined>

/** Documents in the store, with derived content written once however many replicas load them. */
export interface SqlCollabPersistence extends CollabPersistence {
  /**
   * The stored state with what `derive` adds to it stored first. On PostgreSQL one replica at a
   * time per document, under a transaction-scoped advisory lock: a second replica loading it at the
   * same moment reads the first one's addition and so adds nothing twice (two seeds of one
   * document would duplicate its content). `derive` runs inside that transaction; on SQLite (one
   * process, whose documents load once) it runs outside any.
   */
  loadDerived(workflowId: string, derive: DeriveUpdate): Promise<Uint8Array | null>
}

/** The state of a document with nothing in it: what a snapshot row holds before its first merge. */
const emptyState = Y.encodeStateAsUpdate(new Y.Doc())

/** Stored parts as one state, or null when there are none. */
function stateOf(parts: Uint8Array[]): Uint8Array | null {
  if (parts.length === 0) return null
  return parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts)
}

/** The stored state with an addition merged in. */
function withAddition(stored: Uint8Array | null, added: Uint8Array): Uint8Array {
  return stored ? Y.mergeUpdates([stored, added]) : added
}

/**
 * Shared documents in the store (SQLite or PostgreSQL, through its port): one compacted state per
 * workflow plus the updates appended since.
 *
 * On SQLite the port shares the service's one connection with the engine's writer, whose
 * transactions are synchronous: the transactions here never wait on anything but their own
 * statements (which resolve at once there), so no other turn of the event loop runs inside them.
 */
export function createSqlPersistence(
  sql: SqlDatabase,
  options: SqlPersistenceOptions = {},
): SqlCollabPersistence {
  // Group commit: the stores of one turn of the event loop (documents flush together) share one
  // transaction, so one commit (on SQLite one fsync, which blocks the event loop) instead of one
  // per document.
  let queued: Array<{
    workflowId: string
    update: Uint8Array
    editors: readonly string[]
    resolve: (count: number) => void
    reject: (error: unknown) => void
  }> = []
  async function commit(): Promise<void> {
    const batch = queued
    queued = []
    let counts: Map<string, number>
    const stored: StoredUpdate[] = []
    try {
      counts = await sql.transaction(async (tx) => {
        const at = Date.now()
        for (const { workflowId, update, editors } of batch)
          stored.push({ workflowId, update, editors, seq: await appendUpdate(tx, workflowId, update, at) })
        const counted = new Map<string, number>()
        for (const { workflowId } of batch)
          if (!counted.has(workflowId)) counted.set(workflowId, await updateCount(tx, workflowId))
        return counted
      })
    } catch (error) {
      for (const { reject } of batch) reject(error)
      return
    }
    // Stored whatever happens next: a store that rejected now would be written again.
    await options.afterCommit?.(stored).catch(() => undefined)
    for (const { workflowId, resolve } of batch) resolve(counts.get(workflowId)!)
  }

  function store(workflowId: string, update: Uint8Array, editors: readonly string[] = []): Promise<number> {
    if (queued.length === 0) setImmediate(() => void commit())
    return new Promise((resolve, reject) => queued.push({ workflowId, update, editors, resolve, reject }))
  }

  /**
   * One derivation at a time in this process: each holds a connection for its transaction while
   * `derive` may read through another, so several at once could take the whole pool.
   */
  let deriving: Promise<unknown> = Promise.resolve()
  async function loadDerivedOnPostgres(workflowId: string, derive: DeriveUpdate) {
    const stored: StoredUpdate[] = []
    const state = await sql.transaction(async (tx) => {
      await lockDocument(tx, workflowId)
      const before = stateOf(await storedParts(tx, workflowId))
      const added = await derive(before)
      if (!added) return before
      stored.push({
        workflowId,
        update: added,
        editors: [],
        seq: await appendUpdate(tx, workflowId, added, Date.now()),
      })
      return withAddition(before, added)
    })
    await options.afterCommit?.(stored).catch(() => undefined)
    return state
  }

  return {
    async load(workflowId) {
      return stateOf(await storedParts(sql, workflowId))
    },
    store,
    loadDerived(workflowId, derive) {
      if (sql.engine === 'postgres') {
        const run = deriving.then(() => loadDerivedOnPostgres(workflowId, derive))
        deriving = run.catch(() => undefined)
        return run
      }
      return (async () => {
        const before = stateOf(await storedParts(sql, workflowId))
        const added = await derive(before)
        if (!added) return before
        await store(workflowId, added)
        return withAddition(before, added)
      })()
    },
    async compact(workflowId) {
      // One transaction: a failure (an update that does not decode, a lost connection) rolls it
      // all back, so the updates stay stored and the next compaction tries again.
      await sql.transaction(async (tx) => {
        const at = Date.now()
        const snapshot = await lockSnapshot(tx, sql.engine, workflowId, emptyState, at)
        const updates = await takeUpdates(tx, workflowId)
        if (updates.length === 0) {
          if (snapshot.created) await deleteSnapshot(tx, workflowId)
          return
        }
        await replaceSnapshot(tx, workflowId, compacted([snapshot.state, ...updates]), at)
      })
    },
    async remove(workflowId) {
      await deleteDocument(sql, workflowId)
    },
  }
}

/**
 * The parts applied to a document (not merely merged) and encoded again, so that deleted content
 * is garbage-collected.
 */
function compacted(parts: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc()
  try {
    for (const part of parts) Y.applyUpdate(doc, part)
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}
