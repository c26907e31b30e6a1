import type { SqlDatabase, SqlExecutor } from '../sql'

/**
 * The live documents' rows (tables of the migration 'collaboration documents'): per workflow one
 * compacted state in `collab_snapshots` and the updates appended since in `collab_updates`. Bytes
 * only: what they mean (Yjs) is the caller's business.
 */

/**
 * Everything stored for a document, its snapshot first and then its updates in the order they were
 * numbered. One statement, so one consistent view: read as two, a compaction committing between
 * them would hide the updates it merged into a snapshot read before it.
 */
export async function storedParts(db: SqlExecutor, workflowId: string): Promise<Uint8Array[]> {
  const rows = await db.all<{ seq: number; data: Uint8Array }>(
    `SELECT 0 AS seq, state AS data FROM collab_snapshots WHERE workflow_id = ?
     UNION ALL
     SELECT seq, data FROM collab_updates WHERE workflow_id = ?
     ORDER BY seq`,
    [workflowId, workflowId],
  )
  return rows.map((row) => row.data)
}

/** The advisory locks' class for live documents (the two-key form, apart from single-key locks). */
const documentLockClass = 0x636f6c6c // 'coll'

/**
 * Holds a PostgreSQL transaction-scoped advisory lock on the document until the transaction ends,
 * so that writing what derives from its stored state (its seed) happens on one replica at a time.
 */
export async function lockDocument(tx: SqlExecutor, workflowId: string): Promise<void> {
  await tx.run('SELECT pg_advisory_xact_lock(?, hashtext(?))', [documentLockClass, workflowId])
}

/** Appends an update and returns its number (numbers are unique, not committed in order). */
export async function appendUpdate(
  db: SqlExecutor,
  workflowId: string,
  update: Uint8Array,
  at: number,
): Promise<number> {
  const row = await db.get<{ seq: number }>(
    'INSERT INTO collab_updates (workflow_id, data, stored_at) VALUES (?, ?, ?) RETURNING seq',
    [workflowId, update, at],
  )
  return row!.seq
}

/** One stored update by its number, or undefined once a compaction has merged it into the snapshot. */
export async function storedUpdate(
  db: SqlExecutor,
  workflowId: string,
  seq: number,
): Promise<Uint8Array | undefined> {
  const row = await db.get<{ data: Uint8Array }>(
    'SELECT data FROM collab_updates WHERE workflow_id = ? AND seq = ?',
    [workflowId, seq],
  )
  return row?.data
}

/** Updates appended since the last compaction. */
export async function updateCount(db: SqlExecutor, workflowId: string): Promise<number> {
  const row = await db.get<{ n: number }>('SELECT count(*) AS n FROM collab_updates WHERE workflow_id = ?', [
    workflowId,
  ])
  return row?.n ?? 0
}

/**
 * Holds the document's snapshot row until the transaction ends, so that compactions of one
 * document run one after another: a second one waits here and then reads the first one's result,
 * instead of overwriting it with an older state. A missing row is created first (holding
 * `placeholder`), since there is nothing to lock otherwise. On SQLite the transaction (BEGIN
 * IMMEDIATE) already excludes every other writer.
 */
export async function lockSnapshot(
  tx: SqlExecutor,
  engine: SqlDatabase['engine'],
  workflowId: string,
  placeholder: Uint8Array,
  at: number,
): Promise<{ state: Uint8Array; created: boolean }> {
  const { changes } = await tx.run(
    `INSERT INTO collab_snapshots (workflow_id, state, compacted_at) VALUES (?, ?, ?)
     ON CONFLICT (workflow_id) DO NOTHING`,
    [workflowId, placeholder, at],
  )
  const row = await tx.get<{ state: Uint8Array }>(
    `SELECT state FROM collab_snapshots WHERE workflow_id = ?${engine === 'postgres' ? ' FOR UPDATE' : ''}`,
    [workflowId],
  )
  if (!row) throw new Error(`the snapshot row of the live document ${workflowId} vanished while locked`)
  return { state: row.state, created: changes === 1 }
}

/**
 * Deletes the document's updates and returns exactly those deleted, in order: what a compaction
 * merges is what it removed, never an update committed meanwhile (on PostgreSQL numbers are not
 * committed in order, so "every seq up to the last one read" could take one nobody merged).
 */
export async function takeUpdates(tx: SqlExecutor, workflowId: string): Promise<Uint8Array[]> {
  const rows = await tx.all<{ seq: number; data: Uint8Array }>(
    'DELETE FROM collab_updates WHERE workflow_id = ? RETURNING seq, data',
    [workflowId],
  )
  return rows.sort((a, b) => a.seq - b.seq).map((row) => row.data)
}

/** Replaces the snapshot of a document whose row `lockSnapshot` holds. */
export async function replaceSnapshot(
  tx: SqlExecutor,
  workflowId: string,
  state: Uint8Array,
  at: number,
): Promise<void> {
  await tx.run('UPDATE collab_snapshots SET state = ?, compacted_at = ? WHERE workflow_id = ?', [
    state,
    at,
    workflowId,
  ])
}

export async function deleteSnapshot(tx: SqlExecutor, workflowId: string): Promise<void> {
  await tx.run('DELETE FROM collab_snapshots WHERE workflow_id = ?', [workflowId])
}

/** Deletes everything stored for a document, in one transaction. */
export async function deleteDocument(db: SqlDatabase, workflowId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteSnapshot(tx, workflowId)
    await tx.run('DELETE FROM collab_updates WHERE workflow_id = ?', [workflowId])
  })
}
