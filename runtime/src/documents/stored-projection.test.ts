import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readDocument, workflowYDoc, type WorkflowDocument } from '@conveyor/shared'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqlPersistence } from '../collab'
import { eventually, joinDocument, type TestClient } from '../collab/test-clients'
import { openSqlDatabase } from '../store/sql'
import { seededFromStoredWorkflows } from './seeded-from-stored'
import { startServer, type RunningServer } from '../http/start-server'

const adminToken = 'stored-projection-admin-token'
let dir: string
let server: RunningServer
const clients: TestClient[] = []

async function start(): Promise<void> {
  server = await startServer(
    { host: '127.0.0.1', port: 0, dataDir: dir, adminToken, editorDist: join(dir, 'no-editor') },
    { say: () => {}, log: (line) => console.error(line) },
  )
}

function openLive(workflowId: string): TestClient {
  const client = joinDocument(`ws://127.0.0.1:${server.port}/collab`, workflowId, { token: adminToken })
  clients.push(client)
  return client
}

async function restDocument(workflowId: string): Promise<WorkflowDocument> {
  const response = await fetch(`${server.url}api/workflows/${workflowId}`, {
    headers: { authorization: `Bearer ${adminToken}` },
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { document: WorkflowDocument }).document
}

async function putDocument(document: WorkflowDocument): Promise<void> {
  const response = await fetch(`${server.url}api/workflows/${document.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ document }),
  })
  expect(response.status).toBe(200)
}

async function someWorkflow(): Promise<WorkflowDocument> {
  const [first] = await server.service.listWorkflows()
  return (await server.service.getWorkflow(first!.id)).document
}

function labelOf(client: TestClient, nodeId: string): unknown {
  return (workflowYDoc(client.doc).nodes.get(nodeId)?.get('data') as Y.Map<unknown> | undefined)?.get('label')
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stored-projection-'))
  await start()
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.leave()
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the live document and the stored workflow', () => {
  it('starts the live document from the stored workflow the first time it is opened', async () => {
    const stored = await someWorkflow()
    const ann = openLive(stored.id)
    await ann.synced
    expect(readDocument(workflowYDoc(ann.doc))).toEqual(stored)
  })

  it('starts it once when several people open it at the same moment, duplicating no node', async () => {
    const stored = await someWorkflow()
    const people = [openLive(stored.id), openLive(stored.id), openLive(stored.id)]
    await Promise.all(people.map((person) => person.synced))

    for (const person of people) {
      expect(workflowYDoc(person.doc).nodes.size).toBe(stored.nodes.length)
      expect(readDocument(workflowYDoc(person.doc))).toEqual(stored)
    }
    // After a restart the stored live document holds the seed once as well.
    for (const client of clients.splice(0)) client.leave()
    await server.close()
    await start()
    const later = openLive(stored.id)
    await later.synced
    expect(readDocument(workflowYDoc(later.doc))).toEqual(stored)
  })

  it('shows an edit made through Yjs in GET /api/workflows/{id}', async () => {
    const stored = await someWorkflow()
    const ann = openLive(stored.id)
    await ann.synced
    const node = stored.nodes[0]!
    ;(workflowYDoc(ann.doc).nodes.get(node.id)!.get('data') as Y.Map<unknown>).set('label', 'Renamed live')

    await eventually(async () => {
      const rest = await restDocument(stored.id)
      expect(rest.nodes.find((entry) => entry.id === node.id)?.data.label).toBe('Renamed live')
    })
  })

  it.each([
    ['invalid (no name)', (y: ReturnType<typeof workflowYDoc>) => y.meta.set('name', '')],
    [
      'emptied',
      (y: ReturnType<typeof workflowYDoc>) => {
        y.nodes.clear()
        y.edges.clear()
        y.meta.clear()
      },
    ],
  ])('keeps the stored workflow when the live document is %s', async (_case, spoil) => {
    const stored = await someWorkflow()
    const ann = openLive(stored.id)
    const bob = openLive(stored.id)
    await Promise.all([ann.synced, bob.synced])
    const y = workflowYDoc(ann.doc)
    y.ydoc.transact(() => spoil(y))
    // Bob has it once the server applied it, so the server stores it before closing.
    await eventually(() => expect(readDocument(workflowYDoc(bob.doc))).toEqual(readDocument(y)))
    await server.close()
    await start()

    expect(await restDocument(stored.id)).toEqual(stored)
  })

  it('keeps edits made on top of the seed across a restart', async () => {
    const stored = await someWorkflow()
    const node = stored.nodes[0]!
    const ann = openLive(stored.id)
    await ann.synced
    ;(workflowYDoc(ann.doc).nodes.get(node.id)!.get('data') as Y.Map<unknown>).set('label', 'Before restart')
    await eventually(async () => {
      expect((await restDocument(stored.id)).nodes[0]!.data.label).toBe('Before restart')
    })
    ann.leave()
    await server.close()
    await start()

    const bob = openLive(stored.id)
    await bob.synced
    expect(labelOf(bob, node.id)).toBe('Before restart')
    expect(readDocument(workflowYDoc(bob.doc))).toEqual(await restDocument(stored.id))
  })

  it('takes changes saved by other means while nobody had it open', async () => {
    const stored = await someWorkflow()
    const ann = openLive(stored.id)
    await ann.synced
    ann.leave()
    await server.close()
    await start()
    await putDocument({ ...stored, name: 'Renamed through the API' })

    const bob = openLive(stored.id)
    await bob.synced
    expect(readDocument(workflowYDoc(bob.doc))).toEqual({ ...stored, name: 'Renamed through the API' })
  })

  it('merges a save made while nobody had it open with the draft left in the live document', async () => {
    const stored = await someWorkflow()
    const [a, b] = stored.nodes
    const ann = openLive(stored.id)
    const bob = openLive(stored.id)
    await Promise.all([ann.synced, bob.synced])
    const y = workflowYDoc(ann.doc)
    y.ydoc.transact(() => {
      ;(y.nodes.get(a!.id)!.get('data') as Y.Map<unknown>).set('label', 'Draft label')
      y.meta.set('name', '') // a draft the stored workflow cannot take
    })
    await eventually(() => expect(readDocument(workflowYDoc(bob.doc))).toEqual(readDocument(y)))
    ann.leave()
    bob.leave()
    await server.close()
    await start()
    const moved = { x: 777, y: 888 }
    await putDocument({
      ...stored,
      nodes: stored.nodes.map((node) => (node.id === b!.id ? { ...node, position: moved } : node)),
    })

    const carol = openLive(stored.id)
    await carol.synced
    const reopened = readDocument(workflowYDoc(carol.doc))
    expect(reopened.name).toBe('')
    expect(labelOf(carol, a!.id)).toBe('Draft label')
    expect(reopened.nodes.find((node) => node.id === b!.id)?.position).toEqual(moved)

    workflowYDoc(carol.doc).meta.set('name', 'Named again')
    await eventually(async () =>
      expect(await restDocument(stored.id)).toEqual(readDocument(workflowYDoc(carol.doc))),
    )
  })

  it('opens a live document behind its stored workflow (written without it) as the stored document', async () => {
    const stored = await someWorkflow()
    const db = await openSqlDatabase({ dataDir: join(dir, 'behind') })
    const persistence = seededFromStoredWorkflows(createSqlPersistence(db), server.service)
    const opened = await persistence.load(stored.id)
    // Written straight through the service, as an older runtime did, while the live document rests.
    const renamed = { ...stored, name: 'Written without the live document' }
    await server.service.updateWorkflow(stored.id, renamed)

    const reopened = await persistence.load(stored.id)
    const again = await persistence.load(stored.id)
    await db.close()

    expect(reopened).not.toEqual(opened)
    for (const update of [reopened, again]) {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, update!)
      expect(readDocument(workflowYDoc(doc))).toEqual(renamed)
    }
  })

  it('brings a change saved by other means into the open live document without a further live edit', async () => {
    const stored = await someWorkflow()
    const ann = openLive(stored.id)
    await ann.synced
    const [first] = stored.nodes
    ;(workflowYDoc(ann.doc).nodes.get(first!.id)!.get('data') as Y.Map<unknown>).set('label', 'Live edit')
    await eventually(async () =>
      expect((await restDocument(stored.id)).nodes[0]!.data.label).toBe('Live edit'),
    )

    const fromApi = await restDocument(stored.id)
    await putDocument({ ...fromApi, name: 'Renamed through the API' })

    await eventually(() => expect(workflowYDoc(ann.doc).meta.get('name')).toBe('Renamed through the API'))
    expect(labelOf(ann, first!.id)).toBe('Live edit')
    expect(readDocument(workflowYDoc(ann.doc))).toEqual(await restDocument(stored.id))
  })
})
