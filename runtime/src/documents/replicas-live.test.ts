import { readDocument, workflowYDoc, type WorkflowDocument } from '@conveyor/shared'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { partitionOf } from '../cluster/partitions'
import { closeCodes } from '../collab'
import { eventually, joinDocument, type TestClient } from '../collab/test-clients'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'
import { startReplicaServer, type ReplicaServer } from './test-replica-server'

/**
 * Two replicas of the runtime on one PostgreSQL database, people connected to each: one diagram,
 * edited live from both, stored once, written to the stored workflow once per save.
 */
let a: ReplicaServer
let b: ReplicaServer
const secrets = { ann: '', bob: '', admin: '' }
/** The stored workflow each test copies into one of its own, which nobody has opened yet. */
let template: WorkflowDocument
let copies = 0
const clients: TestClient[] = []

/**
 * Stores changes at once; a save window closes only when asked (a read, `flush`), so what a test
 * sees saved was saved because it asked.
 */
const tuning = { limits: { storeDelayMs: 50, recheckAccessMs: 60_000 }, liveSaveWindowMs: 600_000 }

beforeAll(async () => {
  const url = await freshPostgresDatabase()
  a = await startReplicaServer(url, 'replica-a', tuning)
  await a.service.seedExamplesIfEmpty()
  for (const name of ['ann', 'bob'] as const)
    secrets[name] = (await a.service.createToken({ name, role: 'editor' })).secret
  secrets.admin = (await a.service.createToken({ name: 'root', role: 'admin' })).secret
  const [first] = await a.service.listWorkflows()
  template = (await a.service.getWorkflow(first!.id)).document
  b = await startReplicaServer(url, 'replica-b', tuning)
  // Each replica holds its half of the partitions before anyone edits, so owners stay put.
  await vi.waitFor(
    () => {
      expect(a.service.cluster.ownership.ownedParts()).toHaveLength(32)
      expect(b.service.cluster.ownership.ownedParts()).toHaveLength(32)
    },
    { timeout: 30_000, interval: 100 },
  )
}, 60_000)

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
})

afterEach(() => {
  for (const client of clients.splice(0)) client.leave()
})

function join(replica: ReplicaServer, workflowId: string, person: keyof typeof secrets): TestClient {
  const client = joinDocument(replica.collabUrl, workflowId, { token: secrets[person] })
  clients.push(client)
  return client
}

async function nextWorkflow(): Promise<string> {
  const workflowId = `${template.id}-${++copies}`
  await a.service.createWorkflow({ ...template, id: workflowId })
  return workflowId
}

/** The replica that owns the workflow, and the other one. */
function ownerOf(workflowId: string): [owner: ReplicaServer, other: ReplicaServer] {
  return a.service.cluster.ownership.owns(partitionOf(workflowId)) ? [a, b] : [b, a]
}

const documentOf = (client: TestClient): WorkflowDocument => readDocument(workflowYDoc(client.doc))

/** The people each save of the workflow named, oldest first. */
async function saves(workflowId: string, through: ReplicaServer = a): Promise<unknown[]> {
  const { items } = await through.service.listAudit({ workflowId, action: 'workflow.updated' })
  return items.map((entry) => entry.detail?.editors).reverse()
}

/** The stored workflow as `GET /api/workflows/{id}` on this replica answers it. */
async function readThrough(replica: ReplicaServer, workflowId: string): Promise<WorkflowDocument> {
  const response = await fetch(`${replica.origin}/api/workflows/${workflowId}`, {
    headers: { authorization: `Bearer ${secrets.admin}` },
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { document: WorkflowDocument }).document
}

describe('one live document served by two replicas', () => {
  it('brings edits made on either replica to the people on both', async () => {
    const workflowId = await nextWorkflow()
    const ann = join(a, workflowId, 'ann')
    const bob = join(b, workflowId, 'bob')
    await Promise.all([ann.synced, bob.synced])

    workflowYDoc(ann.doc).meta.set('name', 'Named on A')
    await eventually(() => expect(documentOf(bob).name).toBe('Named on A'))
    workflowYDoc(bob.doc).meta.set('description', 'Described on B')
    await eventually(() => expect(documentOf(ann).description).toBe('Described on B'))

    expect(documentOf(ann)).toEqual(documentOf(bob))
    for (const replica of [a, b])
      expect(await readThrough(replica, workflowId)).toMatchObject({
        name: 'Named on A',
        description: 'Described on B',
      })
  })

  it('starts a document opened on both replicas at the same moment from its stored workflow once', async () => {
    const workflowId = await nextWorkflow()
    const { document: stored } = await a.service.getWorkflow(workflowId)
    const ann = join(a, workflowId, 'ann')
    const bob = join(b, workflowId, 'bob')
    await Promise.all([ann.synced, bob.synced])
    // One seed stored. A second one would take every node's key with its own copy of the node:
    // edits made in the losing copy would vanish.
    await Promise.all([a.flush(), b.flush()])
    expect(
      await a.service.sql.get('SELECT count(*) AS n FROM collab_updates WHERE workflow_id = ?', [workflowId]),
    ).toEqual({ n: 1 })
    workflowYDoc(ann.doc).meta.set('name', 'After the seed')
    await eventually(() => expect(documentOf(bob).name).toBe('After the seed'))

    for (const person of [ann, bob]) {
      expect(workflowYDoc(person.doc).nodes.size).toBe(stored.nodes.length)
      expect(documentOf(person)).toEqual({ ...stored, name: 'After the seed' })
    }
  })

  it('saves one revision per edit, by the owner of the workflow, naming the person on either replica', async () => {
    const workflowId = await nextWorkflow()
    const [owner, other] = ownerOf(workflowId)
    const bob = join(other, workflowId, 'bob')
    const ann = join(owner, workflowId, 'ann')
    await Promise.all([ann.synced, bob.synced])
    const { revision } = await a.service.getWorkflow(workflowId)

    workflowYDoc(bob.doc).meta.set('name', 'Renamed away from the owner')
    // Once Ann sees it, the owner holds it.
    await eventually(() => expect(documentOf(ann).name).toBe('Renamed away from the owner'))
    await other.flush()
    await owner.flush()
    expect(await saves(workflowId)).toEqual([['user:bob']])

    workflowYDoc(ann.doc).meta.set('description', 'Described on the owner')
    await eventually(() => expect(documentOf(bob).description).toBe('Described on the owner'))
    await other.flush()
    await owner.flush()
    expect(await saves(workflowId)).toEqual([['user:bob'], ['user:ann']])
    expect((await b.service.getWorkflow(workflowId)).document).toMatchObject({
      name: 'Renamed away from the owner',
      description: 'Described on the owner',
    })
    expect((await b.service.getWorkflow(workflowId)).revision).toBe(revision + 2)
  })

  it('shows through the replica that does not own the workflow what was edited there a moment ago', async () => {
    const workflowId = await nextWorkflow()
    const [owner, other] = ownerOf(workflowId)
    const bob = join(other, workflowId, 'bob')
    const ann = join(owner, workflowId, 'ann')
    await Promise.all([ann.synced, bob.synced])

    workflowYDoc(bob.doc).meta.set('name', 'Read back at once')
    await eventually(() => expect(documentOf(ann).name).toBe('Read back at once'))
    // The owner's save window would hold it for minutes: the read has the owner save it now.
    expect((await readThrough(other, workflowId)).name).toBe('Read back at once')
    expect(await saves(workflowId)).toEqual([['user:bob']])
  })

  it('shows the presence of people on one replica to those on the other', async () => {
    const workflowId = await nextWorkflow()
    const ann = join(a, workflowId, 'ann')
    const bob = join(b, workflowId, 'bob')
    await Promise.all([ann.synced, bob.synced])

    ann.provider.awareness.setLocalStateField('user', { name: 'Ann' })
    bob.provider.awareness.setLocalStateField('user', { name: 'Bob' })
    await eventually(() => {
      expect(bob.provider.awareness.getStates().get(ann.doc.clientID)).toEqual({ user: { name: 'Ann' } })
      expect(ann.provider.awareness.getStates().get(bob.doc.clientID)).toEqual({ user: { name: 'Bob' } })
    })
  })

  it('closes connections on the other replica at once when a token is revoked', async () => {
    const workflowId = await nextWorkflow()
    const carl = await a.service.createToken({ name: 'carl', role: 'editor' })
    const onB = joinDocument(b.collabUrl, workflowId, { token: carl.secret })
    clients.push(onB)
    await onB.synced

    const response = await fetch(`${a.origin}/api/tokens/${carl.token.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${secrets.admin}` },
    })
    expect(response.ok).toBe(true)
    // Long before the periodic check (a minute here).
    await eventually(() => expect(onB.closeCodes).toContain(closeCodes.unauthenticated))
  })

  it('closes connections on the other replica when the workflow is deleted, keeping none of its document', async () => {
    const workflowId = await nextWorkflow()
    const bob = join(b, workflowId, 'bob')
    await bob.synced
    workflowYDoc(bob.doc).meta.set('name', 'Edited before the deletion')
    await eventually(async () =>
      expect((await readThrough(b, workflowId)).name).toBe('Edited before the deletion'),
    )

    const response = await fetch(`${a.origin}/api/workflows/${workflowId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${secrets.admin}` },
    })
    expect(response.status).toBe(204)
    await eventually(() => expect(bob.closeCodes).toContain(closeCodes.gone))
    await b.flush()
    expect(
      await a.service.sql.get('SELECT count(*) AS n FROM collab_updates WHERE workflow_id = ?', [workflowId]),
    ).toEqual({ n: 0 })
  })

  // Last: it stops a replica.
  it('keeps saving when the owner of the workflow stops: the other replica takes it over', async () => {
    const workflowId = await nextWorkflow()
    const [owner, other] = ownerOf(workflowId)
    const bob = join(other, workflowId, 'bob')
    const ann = join(owner, workflowId, 'ann')
    await Promise.all([ann.synced, bob.synced])
    workflowYDoc(ann.doc).meta.set('name', 'Before the owner stopped')
    await eventually(() => expect(documentOf(bob).name).toBe('Before the owner stopped'))

    await owner.stop()
    workflowYDoc(bob.doc).meta.set('description', 'After the owner stopped')
    await vi.waitFor(() => expect(other.service.cluster.ownership.owns(partitionOf(workflowId))).toBe(true), {
      timeout: 20_000,
      interval: 100,
    })
    await eventually(() => expect(documentOf(bob).description).toBe('After the owner stopped'))

    expect(await readThrough(other, workflowId)).toMatchObject({
      name: 'Before the owner stopped',
      description: 'After the owner stopped',
    })
    // Ann's edit saved by the owner as it stopped; Bob's, stored before the other replica owned
    // the workflow, saved by it on the read, in the server's name (it saw no connection make it).
    expect(await saves(workflowId, other)).toEqual([['user:ann'], ['live collaboration']])
  }, 60_000)
})
