import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { closeCodes } from './collab-connection'
import type { CollabErrorContext } from './create-collab'
import { eventually, joinDocument, type TestClient } from './test-clients'
import { startCollabServer, type CollabTestServer, type TokenGrants } from './test-server'

const grants: TokenGrants = { 'ann-edits-wf1': { workflowId: 'wf-1', role: 'editor' } }

let dir: string
let server: CollabTestServer | undefined
const clients: TestClient[] = []
const errors: CollabErrorContext[] = []
const changed: string[] = []

function connect(): TestClient {
  const client = joinDocument(server!.url, 'wf-1', { token: 'ann-edits-wf1' })
  clients.push(client)
  return client
}

async function start(): Promise<CollabTestServer> {
  await server?.stop()
  server = await startCollabServer({
    dataDir: dir,
    grants,
    limits: { storeDelayMs: 20, compactAfterUpdates: 3, idleUnloadMs: 50 },
    onDocumentChanged: (workflowId, doc) => changed.push(`${workflowId}: ${doc.getText('title').toString()}`),
    onError: (_error, context) => errors.push(context),
  })
  return server
}

const rows = async (table: string) =>
  (await server!.sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE workflow_id = 'wf-1'`))!.n

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'collab-storage-'))
  errors.length = 0
  changed.length = 0
  await start()
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.leave()
  await server?.stop()
  server = undefined
  rmSync(dir, { recursive: true, force: true })
})

describe('storing shared documents', () => {
  it('compacts once enough updates are stored, and tells the app each stored change', async () => {
    const ann = connect()
    await ann.synced
    for (const word of ['One', ' two', ' three', ' four']) {
      ann.doc.getText('title').insert(ann.doc.getText('title').length, word)
      await eventually(() => expect(changed.at(-1)).toBe(`wf-1: ${ann.doc.getText('title').toString()}`))
    }

    expect(await rows('collab_snapshots')).toBe(1)
    expect(await rows('collab_updates')).toBeLessThan(3)
    expect(errors).toEqual([])
  })

  it('unloads a document after its last client left, with every change stored', async () => {
    const ann = connect()
    await ann.synced
    ann.doc.getText('title').insert(0, 'Left behind')
    await eventually(() =>
      expect(server!.collab.getDoc('wf-1')?.getText('title').toString()).toBe('Left behind'),
    )
    ann.leave()
    clients.length = 0

    await eventually(() => expect(server!.collab.getDoc('wf-1')).toBeUndefined())
    const bob = connect()
    await bob.synced
    expect(bob.doc.getText('title').toString()).toBe('Left behind')
  })

  it('serves nothing and writes nothing when the stored document cannot be read', async () => {
    const ann = connect()
    await ann.synced
    ann.doc.getText('title').insert(0, 'Precious')
    await server!.collab.flush()
    ann.leave()
    clients.length = 0
    await server!.sql.run(`INSERT INTO collab_updates (workflow_id, data, stored_at) VALUES ('wf-1', ?, 0)`, [
      Uint8Array.from([0, 9, 9, 9]),
    ])
    await start()
    const before = { updates: await rows('collab_updates'), snapshots: await rows('collab_snapshots') }

    const bob = connect()
    bob.doc.getText('title').insert(0, 'Would overwrite')
    await eventually(() => expect(bob.closeCodes).toContain(closeCodes.serverError))

    expect(bob.provider.synced).toBe(false)
    expect(server!.collab.getDoc('wf-1')).toBeUndefined()
    await server!.collab.flush()
    expect({ updates: await rows('collab_updates'), snapshots: await rows('collab_snapshots') }).toEqual(
      before,
    )
    expect(errors).toContainEqual({ workflowId: 'wf-1', during: 'load' })
  })

  it('stores what is pending when the app shuts down', async () => {
    await server!.stop()
    server = await startCollabServer({
      dataDir: dir,
      grants,
      limits: { storeDelayMs: 60_000 },
    })
    const ann = connect()
    await ann.synced
    ann.doc.getText('title').insert(0, 'Saved on shutdown')
    await eventually(() =>
      expect(server!.collab.getDoc('wf-1')?.getText('title').toString()).toBe('Saved on shutdown'),
    )
    expect(await rows('collab_updates')).toBe(0)

    await server!.collab.close()
    const stored = await server!.sql.all<{ data: Uint8Array }>(
      `SELECT data FROM collab_updates WHERE workflow_id = 'wf-1'`,
    )
    const doc = new Y.Doc()
    for (const row of stored) Y.applyUpdate(doc, row.data)
    expect(doc.getText('title').toString()).toBe('Saved on shutdown')
  })
})
