import pg from 'pg'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { listenerApplicationName, maxPayloadBytes } from '../store/postgres/notifications'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'
import { openSqlDatabase, type SqlDatabase } from '../store/sql'
import type { CollabErrorContext, CollabLimits } from './create-collab'
import { eventually, joinDocument, type TestClient } from './test-clients'
import { startCollabServer, type CollabTestServer, type TokenGrants } from './test-server'

const grants: TokenGrants = {
  'ann-edits-wf1': { workflowId: 'wf-1', role: 'editor', person: 'Ann' },
  'bob-edits-wf1': { workflowId: 'wf-1', role: 'editor', person: 'Bob' },
}

let url: string
/** A connection of the test's own, for counting rows and cutting connections. */
let admin: SqlDatabase
let a: CollabTestServer
let b: CollabTestServer
const clients: TestClient[] = []
const errors: CollabErrorContext[] = []
let workflowCount = 0
let workflowId: string

beforeAll(async () => {
  url = await freshPostgresDatabase()
  admin = await openSqlDatabase({ url })
})
afterAll(async () => {
  await admin.close()
})

/** Two replicas on one database, each with its own pool and listener, as two processes would be. */
async function startReplica(
  limits: Partial<CollabLimits> = {},
  more: Pick<Parameters<typeof startCollabServer>[0], 'followsChanges' | 'onDocumentChanged'> = {},
): Promise<CollabTestServer> {
  return startCollabServer({
    ...more,
    databaseUrl: url,
    grants: Object.fromEntries(
      Object.entries(grants).map(([token, grant]) => [token, { ...grant, workflowId }]),
    ),
    limits: { storeDelayMs: 20, ...limits },
    onError: (_error, context) => errors.push(context),
  })
}

function join(server: CollabTestServer, token: string): TestClient {
  const client = joinDocument(server.url, workflowId, { token })
  clients.push(client)
  return client
}

const storedRows = async () =>
  (await admin.get<{ n: number }>('SELECT count(*) AS n FROM collab_updates WHERE workflow_id = ?', [
    workflowId,
  ]))!.n

beforeEach(async () => {
  workflowId = `wf-${++workflowCount}`
  errors.length = 0
  a = await startReplica()
  b = await startReplica()
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.leave()
  await Promise.all([a.stop(), b.stop()])
  expect(errors).toEqual([])
})

describe('live documents relayed between replicas on PostgreSQL', () => {
  it('brings editors on different replicas to the same document, both ways, storing each update once', async () => {
    const ann = join(a, 'ann-edits-wf1')
    const bob = join(b, 'bob-edits-wf1')
    await Promise.all([ann.synced, bob.synced])

    const edits: Array<[TestClient, CollabTestServer, string]> = [
      [ann, a, 'intake'],
      [bob, b, 'review'],
      [ann, a, 'approve'],
      [bob, b, 'archive'],
    ]
    for (const [client, server, node] of edits) {
      client.doc.getMap('nodes').set(node, { label: node })
      await eventually(() => expect(server.collab.getDoc(workflowId)?.getMap('nodes').has(node)).toBe(true))
      await server.collab.flush(workflowId)
    }

    const expected = Object.fromEntries(edits.map(([, , node]) => [node, { label: node }]))
    await eventually(() => {
      expect(ann.doc.getMap('nodes').toJSON()).toEqual(expected)
      expect(bob.doc.getMap('nodes').toJSON()).toEqual(expected)
    })
    await Promise.all([a.collab.flush(), b.collab.flush(), a.relay!.settled(), b.relay!.settled()])
    expect(await storedRows()).toBe(edits.length)
  })

  it('shows the presence of a client on one replica to a client on the other, and its leaving', async () => {
    const ann = join(a, 'ann-edits-wf1')
    const bob = join(b, 'bob-edits-wf1')
    await Promise.all([ann.synced, bob.synced])

    ann.provider.awareness.setLocalStateField('user', { name: 'Ann' })
    await eventually(() =>
      expect(bob.provider.awareness.getStates().get(ann.doc.clientID)).toEqual({ user: { name: 'Ann' } }),
    )
    bob.provider.awareness.setLocalStateField('cursor', { node: 'intake' })
    await eventually(() =>
      expect(ann.provider.awareness.getStates().get(bob.doc.clientID)).toEqual({
        cursor: { node: 'intake' },
      }),
    )

    const annId = ann.doc.clientID
    clients.splice(clients.indexOf(ann), 1)
    ann.leave()
    await eventually(() => expect(bob.provider.awareness.getStates().has(annId)).toBe(false))
  })

  it('shows a client joining a replica that loads the document the presence already there', async () => {
    const ann = join(a, 'ann-edits-wf1')
    await ann.synced
    ann.provider.awareness.setLocalStateField('user', { name: 'Ann' })
    // Once another client of replica A sees Ann, A holds her presence.
    const watcher = join(a, 'bob-edits-wf1')
    await eventually(() =>
      expect(watcher.provider.awareness.getStates().get(ann.doc.clientID)).toEqual({ user: { name: 'Ann' } }),
    )

    // Sooner than the 15 s after which a client renews its presence by itself.
    const bob = join(b, 'bob-edits-wf1')
    await eventually(() =>
      expect(bob.provider.awareness.getStates().get(ann.doc.clientID)).toEqual({ user: { name: 'Ann' } }),
    )
  })

  it('takes the presence of its clients away from the other replicas when a replica shuts down', async () => {
    const ann = join(a, 'ann-edits-wf1')
    const bob = join(b, 'bob-edits-wf1')
    await Promise.all([ann.synced, bob.synced])
    ann.provider.awareness.setLocalStateField('user', { name: 'Ann' })
    await eventually(() => expect(bob.provider.awareness.getStates().has(ann.doc.clientID)).toBe(true))

    await a.stop()
    a = await startReplica()
    // Well before the 30 s after which presence nobody renews is dropped.
    await eventually(() => expect(bob.provider.awareness.getStates().has(ann.doc.clientID)).toBe(false))
  })

  it('passes on an update too large for a notification, read from the store even once compacted', async () => {
    await a.stop()
    a = await startReplica({ compactAfterUpdates: 1 })
    const ann = join(a, 'ann-edits-wf1')
    const bob = join(b, 'bob-edits-wf1')
    await Promise.all([ann.synced, bob.synced])

    const long = 'x'.repeat(maxPayloadBytes * 2)
    ann.doc.getText('notes').insert(0, long)
    await eventually(() => expect(bob.doc.getText('notes').toString()).toBe(long))

    bob.doc.getText('title').insert(0, 'Small')
    await eventually(() => expect(ann.doc.getText('title').toString()).toBe('Small'))
  })

  it("hears every replica's changes on the one that follows the document, loading it without connections of its own", async () => {
    const heard: Array<{ title: string; editors: string[] }> = []
    await b.stop()
    b = await startReplica(
      { idleUnloadMs: 60_000 },
      {
        followsChanges: (id) => id === workflowId,
        onDocumentChanged: (_id, doc, editors) =>
          heard.push({ title: doc.getText('title').toString(), editors: [...editors] }),
      },
    )
    const ann = join(a, 'ann-edits-wf1')
    await ann.synced
    expect(b.collab.getDoc(workflowId)).toBeUndefined()

    ann.doc.getText('title').insert(0, 'Invoices')
    await eventually(() => expect(heard).toContainEqual({ title: 'Invoices', editors: ['Ann'] }))
    expect(b.collab.getDoc(workflowId)?.getText('title').toString()).toBe('Invoices')
    // Applied there, never stored again.
    await Promise.all([a.collab.flush(), b.collab.flush(), b.relay!.settled()])
    expect(await storedRows()).toBe(1)
  })

  it('catches up after its listening connection was cut, with an edit made meanwhile', async () => {
    const ann = join(a, 'ann-edits-wf1')
    const bob = join(b, 'bob-edits-wf1')
    await Promise.all([ann.synced, bob.synced])
    ann.doc.getText('title').insert(0, 'Before')
    await eventually(() => expect(bob.doc.getText('title').toString()).toBe('Before'))

    // New connections are refused while the listeners are cut, so they stay down until allowed.
    const allowConnections = await connectionSwitch()
    await allowConnections(false)
    try {
      const cut = await admin.all<{ cut: boolean }>(
        'SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()',
        [listenerApplicationName],
      )
      expect(cut).toEqual([{ cut: true }, { cut: true }])

      ann.doc.getText('title').insert(6, ' and during')
      await eventually(() =>
        expect(a.collab.getDoc(workflowId)?.getText('title').toString()).toBe('Before and during'),
      )
      await a.collab.flush(workflowId)
      await b.relay!.settled()
      expect(bob.doc.getText('title').toString()).toBe('Before')
    } finally {
      await allowConnections(true)
    }

    await eventually(() => expect(bob.doc.getText('title').toString()).toBe('Before and during'))
    bob.doc.getText('title').insert(0, 'After: ')
    await eventually(() => expect(ann.doc.getText('title').toString()).toBe('After: Before and during'))
    await Promise.all([a.collab.flush(), b.collab.flush()])
    expect(await storedRows()).toBe(3)
  })
})

/**
 * Allows or refuses new connections to the test's database (those open stay), from the server's
 * own database: PostgreSQL refuses the change from a connection to the database itself.
 */
async function connectionSwitch(): Promise<(allowed: boolean) => Promise<void>> {
  const server = inject('postgresTestServer')
  if (server === undefined || 'problem' in server) throw new Error('no PostgreSQL test server')
  const database = new URL(url).pathname.slice(1)
  return async (allowed) => {
    const client = new pg.Client({ connectionString: server.url })
    await client.connect()
    try {
      await client.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS ${allowed}`)
    } finally {
      await client.end()
    }
  }
}
