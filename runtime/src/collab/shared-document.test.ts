import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { CollabPersistence } from './persistence'
import { SharedDocument } from './shared-document'
import { eventually } from './test-clients'
import { createSqlPersistence } from './sql-persistence'
import { openSqlDatabase, type SqlDatabase } from '../store/sql'

let dir: string
let db: SqlDatabase

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'collab-document-'))
  db = await openSqlDatabase({ dataDir: dir })
})

afterEach(async () => {
  await db.close()
  rmSync(dir, { recursive: true, force: true })
})

function storedText(persistence: CollabPersistence, workflowId: string): Promise<string> {
  return persistence.load(workflowId).then((state) => {
    const doc = new Y.Doc()
    if (state) Y.applyUpdate(doc, state)
    return doc.getText('title').toString()
  })
}

describe('a shared document', () => {
  it('keeps changes whose write failed and stores them on the next attempt', async () => {
    const sqlite = createSqlPersistence(db)
    let failures = 1
    const flaky: CollabPersistence = {
      ...sqlite,
      async store(workflowId, update) {
        if (failures-- > 0) throw new Error('disk full')
        return sqlite.store(workflowId, update)
      },
    }
    const errors: string[] = []
    const document = new SharedDocument('wf-1', {
      persistence: flaky,
      storeDelayMs: 10,
      compactAfterUpdates: 100,
      onStored: () => {},
      onError: (error, during) => errors.push(`${during}: ${(error as Error).message}`),
    })
    await document.ready

    document.doc.getText('title').insert(0, 'Survives a full disk')

    await eventually(async () => expect(await storedText(sqlite, 'wf-1')).toBe('Survives a full disk'))
    expect(errors).toEqual(['store: disk full'])
    document.destroy()
  })
})
