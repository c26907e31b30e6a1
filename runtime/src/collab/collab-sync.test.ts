import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { eventually, joinDocument, type TestClient } from './test-clients'
import { startCollabServer, type CollabTestServer, type TokenGrants } from './test-server'
import { createSqlPersistence } from './sql-persistence'

const grants: TokenGrants = {
  'ann-edits-wf1': { workflowId: 'wf-1', role: 'editor' },
  'bob-edits-wf1': { workflowId: 'wf-1', role: 'editor' },
  'cid-views-wf1': { workflowId: 'wf-1', role: 'viewer' },
}

let dir: string
let server: CollabTestServer | undefined
const clients: TestClient[] = []

function connect(token: string): TestClient {
  const client = joinDocument(server!.url, 'wf-1', { token })
  clients.push(client)
  return client
}

async function restart(): Promise<void> {
  await server?.stop()
  server = await startCollabServer({ dataDir: dir, grants })
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'collab-sync-'))
  await restart()
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.leave()
  await server?.stop()
  server = undefined
  rmSync(dir, { recursive: true, force: true })
})

describe('collaboration through the server', () => {
  it('brings two editors to the same document', async () => {
    const ann = connect('ann-edits-wf1')
    const bob = connect('bob-edits-wf1')
    await Promise.all([ann.synced, bob.synced])

    ann.doc.getMap('nodes').set('intake', { label: 'Intake' })
    bob.doc.getMap('nodes').set('review', { label: 'Review' })
    ann.doc.getText('title').insert(0, 'Invoices')

    await eventually(() => {
      expect(bob.doc.getMap('nodes').toJSON()).toEqual({
        intake: { label: 'Intake' },
        review: { label: 'Review' },
      })
      expect(ann.doc.getMap('nodes').toJSON()).toEqual(bob.doc.getMap('nodes').toJSON())
      expect(bob.doc.getText('title').toString()).toBe('Invoices')
    })
  })

  it('serves everything to a client that joins after a restart', async () => {
    const ann = connect('ann-edits-wf1')
    const bob = connect('bob-edits-wf1')
    await Promise.all([ann.synced, bob.synced])
    ann.doc.getMap('nodes').set('intake', { label: 'Intake' })
    bob.doc.getText('title').insert(0, 'Order to cash')
    await eventually(() =>
      expect(server!.collab.getDoc('wf-1')?.getText('title').toString()).toBe('Order to cash'),
    )
    await eventually(() => expect(server!.collab.getDoc('wf-1')?.getMap('nodes').get('intake')).toBeDefined())
    for (const client of clients.splice(0)) client.leave()

    await restart()
    const cid = connect('bob-edits-wf1')
    await cid.synced
    expect(cid.doc.getMap('nodes').toJSON()).toEqual({ intake: { label: 'Intake' } })
    expect(cid.doc.getText('title').toString()).toBe('Order to cash')
  })

  it('stores changes within the store delay, without waiting for shutdown', async () => {
    const ann = connect('ann-edits-wf1')
    await ann.synced
    ann.doc.getText('title').insert(0, 'Stored')

    const persistence = createSqlPersistence(server!.sql)
    await eventually(async () => {
      const state = await persistence.load('wf-1')
      expect(state).not.toBeNull()
      const stored = new Y.Doc()
      Y.applyUpdate(stored, state!)
      expect(stored.getText('title').toString()).toBe('Stored')
    })
  })

  it('neither applies, stores nor passes on what a viewer changes', async () => {
    const ann = connect('ann-edits-wf1')
    const viewer = connect('cid-views-wf1')
    await Promise.all([ann.synced, viewer.synced])
    ann.doc.getText('title').insert(0, 'Shared')
    await eventually(() => expect(viewer.doc.getText('title').toString()).toBe('Shared'))

    viewer.doc.getText('title').insert(0, 'Vandalised ')
    // Presence goes out on the same socket after the edit, so once ann sees it the server has
    // already handled (and dropped) the edit.
    viewer.provider.awareness.setLocalStateField('user', { name: 'Cid' })
    await eventually(() =>
      expect(ann.provider.awareness.getStates().get(viewer.doc.clientID)).toEqual({ user: { name: 'Cid' } }),
    )
    await server!.collab.flush()

    expect(server!.collab.getDoc('wf-1')?.getText('title').toString()).toBe('Shared')
    expect(ann.doc.getText('title').toString()).toBe('Shared')
    await restart()
    const later = connect('bob-edits-wf1')
    await later.synced
    expect(later.doc.getText('title').toString()).toBe('Shared')
  })
})
