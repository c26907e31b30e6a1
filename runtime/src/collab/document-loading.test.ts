import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSqlPersistence } from './sql-persistence'
import { eventually, joinDocument, type TestClient } from './test-clients'
import { startCollabServer, type CollabTestServer, type TokenGrants } from './test-server'

const grants: TokenGrants = {
  'ann-edits-wf1': { workflowId: 'wf-1', role: 'editor' },
  'bob-edits-wf1': { workflowId: 'wf-1', role: 'editor' },
}

let dir: string
let server: CollabTestServer
const clients: TestClient[] = []
/** Loads asked of the store, and the gate each one waits at before it reads. */
let loads: string[]
let releaseLoads: () => void

function connect(token: string): TestClient {
  const client = joinDocument(server.url, 'wf-1', { token })
  clients.push(client)
  return client
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'collab-loading-'))
  loads = []
  const gate = new Promise<void>((resolve) => (releaseLoads = resolve))
  server = await startCollabServer({
    dataDir: dir,
    grants,
    persistence: (stored) => ({
      ...stored,
      async load(workflowId) {
        loads.push(workflowId)
        await gate
        return stored.load(workflowId)
      },
    }),
  })
  const earlier = new Y.Doc()
  earlier.getMap('nodes').set('stored', 'before anyone joined')
  await createSqlPersistence(server.sql).store('wf-1', Y.encodeStateAsUpdate(earlier))
})

afterEach(async () => {
  releaseLoads()
  for (const client of clients.splice(0)) client.leave()
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('a document still loading when people join', () => {
  it('is loaded once, and gives each of them the stored state and every edit sent meanwhile', async () => {
    const ann = connect('ann-edits-wf1')
    const bob = connect('bob-edits-wf1')
    await eventually(() => {
      expect(ann.provider.wsconnected && bob.provider.wsconnected).toBe(true)
      expect(loads).toEqual(['wf-1'])
    })
    // Sent as updates at once (the clients are connected); the server holds them until it has loaded.
    ann.doc.getMap('nodes').set('ann', 'sent while loading')
    bob.doc.getMap('nodes').set('bob', 'sent while loading')
    expect(ann.provider.synced || bob.provider.synced).toBe(false)

    releaseLoads()
    await Promise.all([ann.synced, bob.synced])

    const everything = {
      stored: 'before anyone joined',
      ann: 'sent while loading',
      bob: 'sent while loading',
    }
    await eventually(() => {
      expect(ann.doc.getMap('nodes').toJSON()).toEqual(everything)
      expect(bob.doc.getMap('nodes').toJSON()).toEqual(everything)
    })
    await server.collab.flush()
    const stored = new Y.Doc()
    Y.applyUpdate(stored, (await createSqlPersistence(server.sql).load('wf-1'))!)
    expect(stored.getMap('nodes').toJSON()).toEqual(everything)
    expect(loads).toEqual(['wf-1'])
  })

  it('takes a change made by the server only once the stored state is in', async () => {
    const ann = connect('ann-edits-wf1')
    await eventually(() => expect(loads).toEqual(['wf-1']))

    const changed = server.collab.change('wf-1', (doc) => {
      doc.getMap('nodes').set('server', 'after the load')
      return doc.getMap('nodes').size
    })
    releaseLoads()

    expect(await changed).toBe(2)
    await ann.synced
    await eventually(() =>
      expect(ann.doc.getMap('nodes').toJSON()).toEqual({
        stored: 'before anyone joined',
        server: 'after the load',
      }),
    )
    expect(loads).toEqual(['wf-1'])
  })
})
