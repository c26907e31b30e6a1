import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDatabase } from '../store/database'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'
import { appendUpdate, lockDocument } from '../store/repositories/collab-rows'
import { openSqlDatabase, type SqlDatabase, type SqlExecutor, type SqlTarget } from '../store/sql'
import type { CollabPersistence } from './persistence'
import { createSqlPersistence } from './sql-persistence'
import { eventually } from './test-clients'

/** Records every update a document makes, as a connection would deliver them. */
function recordUpdates(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  return updates
}

function textOf(state: Uint8Array | null): string {
  const doc = new Y.Doc()
  if (state) Y.applyUpdate(doc, state)
  return doc.getText('title').toString()
}

/** The updates that append each word to the title, one update per word. */
function wordUpdates(words: readonly string[]): Uint8Array[] {
  const doc = new Y.Doc()
  const updates = recordUpdates(doc)
  for (const word of words) doc.getText('title').insert(doc.getText('title').length, word)
  return updates
}

const rowCount = async (db: SqlDatabase, table: string, workflowId: string) =>
  (await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE workflow_id = ?`, [workflowId]))!.n

/**
 * Each backend as the runtime opens it, with the database another party works on at the same
 * time: on PostgreSQL a second replica (its own pool); a SQLite data folder has one process, so
 * the same port.
 */
const backends: Array<{ engine: SqlDatabase['engine']; target: () => Promise<SqlTarget> }> = [
  { engine: 'sqlite', target: async () => ({ dataDir: mkdtempSync(join(tmpdir(), 'collab-persistence-')) }) },
  { engine: 'postgres', target: async () => ({ url: await freshPostgresDatabase() }) },
]

describe.each(backends)('shared documents stored on $engine', ({ engine, target }) => {
  let where: SqlTarget
  let db: SqlDatabase
  let other: SqlDatabase
  let persistence: CollabPersistence
  /** A persistence working beside `persistence`, as another replica would. */
  let beside: CollabPersistence

  beforeAll(async () => {
    where = await target()
    db = await openSqlDatabase(where)
    other = engine === 'postgres' ? await openSqlDatabase(where) : db
    persistence = createSqlPersistence(db)
    beside = createSqlPersistence(other)
  })

  afterAll(async () => {
    if (other !== db) await other?.close()
    await db?.close()
    if (where && 'dataDir' in where) rmSync(where.dataDir, { recursive: true, force: true })
  })

  it('has nothing for a document never stored', async () => {
    expect(await persistence.load('never-stored')).toBeNull()
  })

  it('returns the appended updates as one state, and counts what waits for compaction', async () => {
    const updates = wordUpdates(['Order', ' to cash'])

    expect(await persistence.store('counted-1', updates[0]!)).toBe(1)
    expect(await persistence.store('counted-1', updates[1]!)).toBe(2)
    expect(await persistence.store('counted-2', updates[0]!)).toBe(1)
    expect(textOf(await persistence.load('counted-1'))).toBe('Order to cash')
  })

  it("commits the stores of one turn together, each answered with its document's count", async () => {
    const updates = wordUpdates(['Order', ' to cash'])

    const counts = await Promise.all([
      persistence.store('turn-1', updates[0]!),
      persistence.store('turn-2', updates[0]!),
      persistence.store('turn-1', updates[1]!),
    ])

    expect(counts).toEqual([2, 1, 2])
    expect(textOf(await persistence.load('turn-1'))).toBe('Order to cash')
    expect(textOf(await persistence.load('turn-2'))).toBe('Order')
  })

  it('loads 200 appended updates as the same text, in order', async () => {
    const words = Array.from({ length: 200 }, (_, i) => ` w${i}`)
    for (const update of wordUpdates(words)) await persistence.store('two-hundred', update)

    expect(await rowCount(db, 'collab_updates', 'two-hundred')).toBe(200)
    expect(textOf(await persistence.load('two-hundred'))).toBe(words.join(''))
  })

  it('compacts the updates into one snapshot that loads the same, other documents untouched', async () => {
    const doc = new Y.Doc()
    const updates = recordUpdates(doc)
    for (const word of ['Invoice', ' intake', ' and', ' approval'])
      doc.getText('title').insert(doc.getText('title').length, word)
    doc.getText('title').delete(7, 7)
    for (const update of updates) await persistence.store('compacted', update)
    await persistence.store('untouched', updates[0]!)

    await persistence.compact('compacted')

    expect(await rowCount(db, 'collab_updates', 'compacted')).toBe(0)
    expect(await rowCount(db, 'collab_snapshots', 'compacted')).toBe(1)
    expect(await rowCount(db, 'collab_updates', 'untouched')).toBe(1)
    expect(textOf(await persistence.load('compacted'))).toBe('Invoice and approval')
    doc.getText('title').insert(0, 'New: ')
    expect(await persistence.store('compacted', updates.at(-1)!)).toBe(1)
    await persistence.compact('compacted')
    expect(textOf(await persistence.load('compacted'))).toBe('New: Invoice and approval')
    expect(await rowCount(db, 'collab_updates', 'compacted')).toBe(0)
  })

  it('leaves no snapshot behind when there was nothing to compact', async () => {
    await persistence.compact('nothing-yet')

    expect(await rowCount(db, 'collab_snapshots', 'nothing-yet')).toBe(0)
    expect(await persistence.load('nothing-yet')).toBeNull()
  })

  it('keeps every stored update when compaction meets one it cannot read', async () => {
    await persistence.store('unreadable', wordUpdates(['Keep me'])[0]!)
    await persistence.store('unreadable', Uint8Array.from([1, 2, 3]))

    await expect(persistence.compact('unreadable')).rejects.toThrow()
    expect(await rowCount(db, 'collab_updates', 'unreadable')).toBe(2)
    expect(await rowCount(db, 'collab_snapshots', 'unreadable')).toBe(0)
  })

  it('keeps the updates stored while compactions run, on either side, each of them', async () => {
    const words = Array.from({ length: 60 }, (_, i) => ` w${i}`)
    const updates = wordUpdates(words)
    for (const update of updates.slice(0, 20)) await persistence.store('raced', update)

    // Every round: two compactions (one on each side) and stores on both sides, all at once.
    for (let round = 0; round < 4; round++) {
      const stores = updates
        .slice(20 + round * 10, 30 + round * 10)
        .map((update, i) => (i % 2 === 0 ? persistence : beside).store('raced', update))
      await Promise.all([persistence.compact('raced'), beside.compact('raced'), ...stores])
    }

    expect(textOf(await persistence.load('raced'))).toBe(words.join(''))
    await persistence.compact('raced')
    expect(await rowCount(db, 'collab_updates', 'raced')).toBe(0)
    expect(textOf(await beside.load('raced'))).toBe(words.join(''))
  })

  it('deletes everything stored for one document', async () => {
    const updates = wordUpdates(['Gone', ' soon'])
    await persistence.store('removed', updates[0]!)
    await persistence.compact('removed')
    await persistence.store('removed', updates[1]!)
    await persistence.store('kept', updates[0]!)

    await persistence.remove('removed')

    expect(await persistence.load('removed')).toBeNull()
    expect(textOf(await persistence.load('kept'))).toBe('Gone')
  })
})

describe('shared documents on PostgreSQL, beside another replica', () => {
  let url: string
  let db: SqlDatabase
  let other: SqlDatabase
  let third: SqlDatabase

  beforeAll(async () => {
    url = await freshPostgresDatabase()
    db = await openSqlDatabase({ url })
    other = await openSqlDatabase({ url })
    third = await openSqlDatabase({ url })
  })

  afterAll(async () => {
    await third?.close()
    await other?.close()
    await db?.close()
  })

  /** Runs `hold` in a transaction on a third replica that stays open until the returned release. */
  function openTransaction(hold: (tx: SqlExecutor) => Promise<unknown>) {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let holding!: () => void
    const held = new Promise<void>((resolve) => (holding = resolve))
    const done = third.transaction(async (tx) => {
      await hold(tx)
      holding()
      await released
    })
    return { held, release, done }
  }

  it('keeps an update whose transaction was open during a whole compaction', async () => {
    const persistence = createSqlPersistence(db)
    const updates = wordUpdates(['Before', ' during', ' after'])
    await persistence.store('overlapped', updates[0]!)
    // Numbered before the compaction's update, committed after the compaction.
    const slow = openTransaction((tx) => appendUpdate(tx, 'overlapped', updates[1]!, Date.now()))
    await slow.held
    await persistence.store('overlapped', updates[2]!)

    await persistence.compact('overlapped')
    slow.release()
    await slow.done

    expect(await rowCount(db, 'collab_updates', 'overlapped')).toBe(1)
    expect(textOf(await persistence.load('overlapped'))).toBe('Before during after')
  })

  it('runs two compactions started at once on two replicas one after the other, losing no update', async () => {
    const here = createSqlPersistence(db)
    const there = createSqlPersistence(other)
    const updates = wordUpdates(['One', ' two', ' three', ' four'])
    await here.store('twice', updates[0]!)
    await here.compact('twice')
    // A third replica holds the snapshot row as a compaction does, so both compactions start waiting.
    const holder = openTransaction(async (tx) => {
      await tx.get('SELECT state FROM collab_snapshots WHERE workflow_id = ? FOR UPDATE', ['twice'])
    })
    await holder.held
    await here.store('twice', updates[1]!)
    await there.store('twice', updates[2]!)

    const compactions = [here.compact('twice'), there.compact('twice')]
    await eventually(async () =>
      expect(
        await db.get(
          `SELECT count(*) AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        ),
      ).toEqual({ n: 2 }),
    )
    await appendUpdate(third, 'twice', updates[3]!, Date.now())
    holder.release()
    await holder.done
    await Promise.all(compactions)

    expect(await rowCount(db, 'collab_updates', 'twice')).toBe(0)
    expect(textOf(await there.load('twice'))).toBe('One two three four')
  })

  it('derives what a document lacks once when two replicas load it at the same moment', async () => {
    const here = createSqlPersistence(db)
    const there = createSqlPersistence(other)
    /** A seed: the title from a document of its own, so two seeds would both stay (the title twice). */
    const seen: Array<string | null> = []
    const seed = async (stored: Uint8Array | null) => {
      seen.push(stored && textOf(stored))
      if (stored) return undefined
      return wordUpdates(['Seeded'])[0]
    }
    // A third replica holds the document's lock, so both loads start waiting for it.
    const holder = openTransaction((tx) => lockDocument(tx, 'seeded-once'))
    await holder.held

    const loads = [here.loadDerived('seeded-once', seed), there.loadDerived('seeded-once', seed)]
    await eventually(async () =>
      expect(
        await db.get(
          `SELECT count(*) AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event = 'advisory'`,
        ),
      ).toEqual({ n: 2 }),
    )
    holder.release()
    await holder.done

    expect((await Promise.all(loads)).map(textOf)).toEqual(['Seeded', 'Seeded'])
    expect(seen).toEqual([null, 'Seeded'])
    expect(await rowCount(db, 'collab_updates', 'seeded-once')).toBe(1)
    expect(textOf(await here.load('seeded-once'))).toBe('Seeded')
  })
})

describe('shared documents in a SQLite data folder', () => {
  it('keeps the documents of a data folder whose tables came before their migration', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'collab-persistence-'))
    try {
      let db = await openSqlDatabase({ dataDir })
      await createSqlPersistence(db).store('wf-1', wordUpdates(['Stored before'])[0]!)
      await db.close()
      // As an older runtime left it: the tables and their rows, but no record of the migration.
      const older = openDatabase(dataDir)
      older.prepare("DELETE FROM schema_migrations WHERE name = 'collaboration documents'").run()
      older.close()

      db = await openSqlDatabase({ dataDir })
      expect(textOf(await createSqlPersistence(db).load('wf-1'))).toBe('Stored before')
      expect(
        await db.get("SELECT count(*) AS n FROM schema_migrations WHERE name = 'collaboration documents'"),
      ).toEqual({ n: 1 })
      await db.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
