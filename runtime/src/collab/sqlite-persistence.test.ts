import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSqlitePersistence } from './sqlite-persistence'
import { openDatabase, type Db } from '../store/database'

let dir: string
let db: Db

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'collab-persistence-'))
  db = openDatabase(dir)
})

afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

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

const rowCount = (table: string, workflowId: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE workflow_id = ?`).get(workflowId) as { n: number }).n

describe('SQLite persistence of shared documents', () => {
  it('has nothing for a document never stored, and can be opened twice on one database', async () => {
    createSqlitePersistence(db)
    const persistence = createSqlitePersistence(db)
    expect(await persistence.load('wf-1')).toBeNull()
  })

  it('keeps the documents of a data folder whose tables came before their migration', async () => {
    const doc = new Y.Doc()
    const updates = recordUpdates(doc)
    doc.getText('title').insert(0, 'Stored before')
    await createSqlitePersistence(db).store('wf-1', updates[0]!)
    // As an older runtime left it: the tables and their rows, but no record of the migration.
    db.prepare("DELETE FROM schema_migrations WHERE name = 'collaboration documents'").run()
    db.close()

    db = openDatabase(dir)
    expect(textOf(await createSqlitePersistence(db).load('wf-1'))).toBe('Stored before')
    expect(
      db.prepare("SELECT count(*) AS n FROM schema_migrations WHERE name = 'collaboration documents'").get(),
    ).toEqual({ n: 1 })
  })

  it('returns the appended updates as one state, and counts what waits for compaction', async () => {
    const persistence = createSqlitePersistence(db)
    const doc = new Y.Doc()
    const updates = recordUpdates(doc)
    doc.getText('title').insert(0, 'Order')
    doc.getText('title').insert(5, ' to cash')

    expect(await persistence.store('wf-1', updates[0]!)).toBe(1)
    expect(await persistence.store('wf-1', updates[1]!)).toBe(2)
    expect(await persistence.store('wf-2', updates[0]!)).toBe(1)
    expect(textOf(await persistence.load('wf-1'))).toBe('Order to cash')
  })

  it("commits the stores of one turn together, each answered with its document's count", async () => {
    const persistence = createSqlitePersistence(db)
    const doc = new Y.Doc()
    const updates = recordUpdates(doc)
    doc.getText('title').insert(0, 'Order')
    doc.getText('title').insert(5, ' to cash')

    const counts = await Promise.all([
      persistence.store('wf-1', updates[0]!),
      persistence.store('wf-2', updates[0]!),
      persistence.store('wf-1', updates[1]!),
    ])

    expect(counts).toEqual([2, 1, 2])
    expect(textOf(await persistence.load('wf-1'))).toBe('Order to cash')
    expect(textOf(await persistence.load('wf-2'))).toBe('Order')
  })

  it('compacts the updates into one snapshot that loads the same, other documents untouched', async () => {
    const persistence = createSqlitePersistence(db)
    const doc = new Y.Doc()
    const updates = recordUpdates(doc)
    for (const word of ['Invoice', ' intake', ' and', ' approval'])
      doc.getText('title').insert(doc.getText('title').length, word)
    doc.getText('title').delete(7, 7)
    for (const update of updates) await persistence.store('wf-1', update)
    await persistence.store('wf-2', updates[0]!)

    await persistence.compact('wf-1')

    expect(rowCount('collab_updates', 'wf-1')).toBe(0)
    expect(rowCount('collab_snapshots', 'wf-1')).toBe(1)
    expect(rowCount('collab_updates', 'wf-2')).toBe(1)
    expect(textOf(await persistence.load('wf-1'))).toBe('Invoice and approval')
    doc.getText('title').insert(0, 'New: ')
    expect(await persistence.store('wf-1', updates.at(-1)!)).toBe(1)
    expect(textOf(await persistence.load('wf-1'))).toBe('New: Invoice and approval')
  })

  it('keeps every stored update when compaction meets one it cannot read', async () => {
    const persistence = createSqlitePersistence(db)
    const doc = new Y.Doc()
    const updates = recordUpdates(doc)
    doc.getText('title').insert(0, 'Keep me')
    await persistence.store('wf-1', updates[0]!)
    await persistence.store('wf-1', Uint8Array.from([1, 2, 3]))

    await expect(persistence.compact('wf-1')).rejects.toThrow()
    expect(rowCount('collab_updates', 'wf-1')).toBe(2)
    expect(rowCount('collab_snapshots', 'wf-1')).toBe(0)
  })
})
