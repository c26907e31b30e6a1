import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WorkflowDocument } from '@conveyor/shared'
import { chain, end, trigger, workflow } from '@conveyor/shared/testing/builders'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createDraftBases } from './draft-bases'

const dir = mkdtempSync(join(tmpdir(), 'draft-bases-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const document = WorkflowDocument.parse(workflow([trigger('start'), end('done')], chain('start', 'done')))

describe('draft bases', () => {
  it('keeps one base per workflow across reopening the database, replaced by the next and removable', () => {
    const file = join(dir, 'collab.db')
    let db = new Database(file)
    const bases = createDraftBases(db)
    expect(bases.get('orders')).toBeUndefined()
    bases.set('orders', { revision: 3, document })
    bases.set('orders', { revision: 4, document: { ...document, name: 'Renamed' } })
    bases.set('invoices', { revision: 1, document })
    db.close()

    db = new Database(file)
    const reopened = createDraftBases(db)
    expect(reopened.get('orders')).toEqual({ revision: 4, document: { ...document, name: 'Renamed' } })
    reopened.remove('orders')
    expect(reopened.get('orders')).toBeUndefined()
    expect(reopened.get('invoices')).toEqual({ revision: 1, document })
    db.close()
  })
})
