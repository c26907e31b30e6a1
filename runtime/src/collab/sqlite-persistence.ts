import type { Database } from 'better-sqlite3'
import * as Y from 'yjs'
import type { CollabPersistence } from './persistence'

/**
 * Shared documents in SQLite: one compacted state per workflow plus the updates appended since,
 * in the tables of the migration 'collaboration documents' (a database from `openDatabase`).
 */
export function createSqlitePersistence(db: Database): CollabPersistence {
  const selectSnapshot = db.prepare<[string], { state: Buffer }>(
    'SELECT state FROM collab_snapshots WHERE workflow_id = ?',
  )
  const selectUpdates = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM collab_updates WHERE workflow_id = ? ORDER BY seq',
  )
  const insertUpdate = db.prepare(
    'INSERT INTO collab_updates (workflow_id, data, stored_at) VALUES (?, ?, ?)',
  )
  const countUpdates = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM collab_updates WHERE workflow_id = ?',
  )
  const upsertSnapshot = db.prepare(
    `INSERT INTO collab_snapshots (workflow_id, state, compacted_at) VALUES (?, ?, ?)
     ON CONFLICT (workflow_id) DO UPDATE SET state = excluded.state, compacted_at = excluded.compacted_at`,
  )
  const deleteUpdatesUpTo = db.prepare('DELETE FROM collab_updates WHERE workflow_id = ? AND seq <= ?')
  const deleteSnapshot = db.prepare('DELETE FROM collab_snapshots WHERE workflow_id = ?')
  const deleteUpdates = db.prepare('DELETE FROM collab_updates WHERE workflow_id = ?')
  const removeNow = db.transaction((workflowId: string) => {
    deleteSnapshot.run(workflowId)
    deleteUpdates.run(workflowId)
  })

  function readAll(workflowId: string): { parts: Uint8Array[]; lastSeq: number } {
    const snapshot = selectSnapshot.get(workflowId)
    const updates = selectUpdates.all(workflowId)
    const parts = [...(snapshot ? [snapshot.state] : []), ...updates.map((row) => row.data)]
    return { parts: parts.map((part) => new Uint8Array(part)), lastSeq: updates.at(-1)?.seq ?? 0 }
  }

  const compactNow = db.transaction((workflowId: string) => {
    const { parts, lastSeq } = readAll(workflowId)
    if (lastSeq === 0) return
    // Applied to a document (not merely merged) so that deleted content is garbage-collected.
    const doc = new Y.Doc()
    try {
      for (const part of parts) Y.applyUpdate(doc, part)
      upsertSnapshot.run(workflowId, Y.encodeStateAsUpdate(doc), Date.now())
      deleteUpdatesUpTo.run(workflowId, lastSeq)
    } finally {
      doc.destroy()
    }
  })

  // Group commit: the stores of one turn of the event loop (documents flush together) share one
  // transaction, so one fsync, which blocks the event loop, instead of one per document.
  let queued: Array<{
    workflowId: string
    update: Uint8Array
    resolve: (count: number) => void
    reject: (error: unknown) => void
  }> = []
  const commitQueued = db.transaction((batch: typeof queued) => {
    for (const { workflowId, update } of batch) insertUpdate.run(workflowId, update, Date.now())
    return batch.map(({ workflowId }) => countUpdates.get(workflowId)!.n)
  })
  function commit(): void {
    const batch = queued
    queued = []
    try {
      const counts = commitQueued(batch)
      batch.forEach(({ resolve }, i) => resolve(counts[i]!))
    } catch (error) {
      for (const { reject } of batch) reject(error)
    }
  }

  return {
    async load(workflowId) {
      const { parts } = readAll(workflowId)
      if (parts.length === 0) return null
      return parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts)
    },
    store(workflowId, update) {
      if (queued.length === 0) setImmediate(commit)
      return new Promise((resolve, reject) => queued.push({ workflowId, update, resolve, reject }))
    },
    async compact(workflowId) {
      compactNow(workflowId)
    },
    async remove(workflowId) {
      removeNow(workflowId)
    },
  }
}
