import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import {
  nextOrder,
  nodeToY,
  readDocument,
  WorkflowNode,
  workflowYDoc,
  type WorkflowDocument,
} from '@conveyor/shared'
import { end } from '@conveyor/shared/testing/builders'
import type * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { eventually, joinDocument, type TestClient } from '../collab/test-clients'
import { createApp } from '../app'
import { catalogOf } from '../http/examples-catalog'
import { withCollaboration } from './collab-endpoint'
import { createHarness, jsonOf, type Harness } from '../http/test-support/app-harness'

/**
 * A save through `PUT /api/workflows/{id}` meeting live edits that were not stored yet. Live
 * changes are stored only when the test flushes (the longest delay a timer takes), so the live
 * edit is certain to be unstored when the save lands.
 */
const neverOnItsOwn = 2 ** 31 - 1

let harness: Harness
let collaboration: Awaited<ReturnType<typeof withCollaboration>>
let server: ReturnType<typeof serve>
let baseUrl: string
const clients: TestClient[] = []

beforeEach(async () => {
  harness = await createHarness()
  await harness.service.seedExamplesIfEmpty()
  const { service } = harness
  collaboration = await withCollaboration(
    (saveWorkflow) => createApp({ service, examples: catalogOf(), saveWorkflow }),
    harness.service,
    harness.service,
    (line) => console.error(line),
    { limits: { storeDelayMs: neverOnItsOwn } },
  )
  server = await new Promise((resolve) => {
    const started = serve({ fetch: collaboration.app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(started),
    )
  })
  collaboration.attach(server as Server)
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.leave()
  await collaboration.close()
  if ('closeAllConnections' in server) server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await harness.close()
})

async function openLive(workflowId: string): Promise<TestClient> {
  const client = joinDocument(`${baseUrl.replace('http', 'ws')}/collab`, workflowId, {
    token: harness.tokens.editor,
  })
  clients.push(client)
  await client.synced
  return client
}

async function stored(workflowId: string): Promise<{ document: WorkflowDocument; revision: number }> {
  const response = await harness.request('GET', `/api/workflows/${workflowId}`)
  expect(response.status).toBe(200)
  return jsonOf(response)
}

function sendPut(workflowId: string, document: unknown, expectedRevision: number): Promise<Response> {
  return fetch(`${baseUrl}/api/workflows/${workflowId}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${harness.tokens.editor}`, 'content-type': 'application/json' },
    body: JSON.stringify({ document, expectedRevision }),
  })
}

async function put(document: WorkflowDocument, expectedRevision: number): Promise<number> {
  const response = await sendPut(document.id, document, expectedRevision)
  expect(response.status).toBe(200)
  return ((await response.json()) as { revision: number }).revision
}

/** A workflow whose live document Ann and Bob have open, and its stored revision. */
async function openedByTwo() {
  const [first] = await harness.service.listWorkflows()
  const before = await stored(first!.id)
  const ann = await openLive(first!.id)
  const bob = await openLive(first!.id)
  return { ...before, ann, bob }
}

const live = (client: TestClient) => readDocument(workflowYDoc(client.doc))
const dataOf = (client: TestClient, nodeId: string) =>
  workflowYDoc(client.doc).nodes.get(nodeId)!.get('data') as Y.Map<unknown>
const nodeIn = (document: WorkflowDocument, id: string) => document.nodes.find((node) => node.id === id)
const edited = (document: WorkflowDocument, edit: (copy: WorkflowDocument) => void) => {
  const copy = structuredClone(document)
  edit(copy)
  return copy
}

/** Waits until the server has Ann's edits (Bob received them through it). */
async function reachedServer(ann: TestClient, bob: TestClient): Promise<void> {
  await eventually(() => expect(live(bob)).toEqual(live(ann)))
}

describe('a REST save meeting live edits', () => {
  it('keeps a live edit of one node and shows the save’s move of another to the live client at once', async () => {
    const { document, revision, ann, bob } = await openedByTwo()
    const [a, b] = document.nodes
    dataOf(ann, a!.id).set('label', 'Renamed live')
    await reachedServer(ann, bob)

    const moved = { x: 1234, y: 567 }
    await put(
      edited(document, (copy) => (nodeIn(copy, b!.id)!.position = moved)),
      revision,
    )

    // Ann sees the save without editing again, and keeps her own edit.
    await eventually(() => expect(nodeIn(live(ann), b!.id)?.position).toEqual(moved))
    expect(nodeIn(live(ann), a!.id)?.data.label).toBe('Renamed live')
    await collaboration.flush()
    const after = await stored(document.id)
    expect(nodeIn(after.document, a!.id)?.data.label).toBe('Renamed live')
    expect(nodeIn(after.document, b!.id)?.position).toEqual(moved)
    expect(after.document).toEqual(live(ann))
    expect(after.document).toEqual(live(bob))
  })

  it('lets the save win when both changed the same field', async () => {
    const { document, revision, ann, bob } = await openedByTwo()
    const [a] = document.nodes
    dataOf(ann, a!.id).set('label', 'Live label')
    await reachedServer(ann, bob)

    await put(
      edited(document, (copy) => (nodeIn(copy, a!.id)!.data.label = 'Saved label')),
      revision,
    )

    await eventually(() => expect(nodeIn(live(ann), a!.id)?.data.label).toBe('Saved label'))
    await collaboration.flush()
    expect(nodeIn((await stored(document.id)).document, a!.id)?.data.label).toBe('Saved label')
  })

  it('merges nodes removed and added on each side; a node removed live stays removed though the save changed it', async () => {
    const { document, revision, ann, bob } = await openedByTwo()
    const [, , removedLive, removedBySave] = document.nodes.map((node) => node.id)
    const addedLive = WorkflowNode.parse(end('added-live'))
    const addedBySave = WorkflowNode.parse(end('added-by-save'))
    const touches = (id: string) => (edge: { source: string; target: string }) =>
      edge.source === id || edge.target === id
    const y = workflowYDoc(ann.doc)
    y.ydoc.transact(() => {
      y.nodes.delete(removedLive!)
      for (const [id, edge] of [...y.edges.entries()])
        if (touches(removedLive!)(edge.toJSON() as { source: string; target: string })) y.edges.delete(id)
      y.nodes.set(addedLive.id, nodeToY(addedLive, nextOrder(y.nodes)))
    })
    await reachedServer(ann, bob)

    await put(
      edited(document, (copy) => {
        nodeIn(copy, removedLive!)!.data.label = 'Changed by the save'
        copy.nodes = copy.nodes.filter((node) => node.id !== removedBySave)
        copy.edges = copy.edges.filter((edge) => !touches(removedBySave!)(edge))
        copy.nodes.push(addedBySave)
      }),
      revision,
    )

    await eventually(() => expect(nodeIn(live(ann), addedBySave.id)).toEqual(addedBySave))
    const merged = live(ann)
    expect(nodeIn(merged, removedLive!)).toBeUndefined()
    expect(nodeIn(merged, removedBySave!)).toBeUndefined()
    expect(nodeIn(merged, addedLive.id)).toEqual(addedLive)
    expect(merged.edges.filter(touches(removedLive!))).toEqual([])
    expect(merged.edges.filter(touches(removedBySave!))).toEqual([])
    await collaboration.flush()
    expect((await stored(document.id)).document).toEqual(merged)
  })

  it('merges saves made one after another, each on top of the last, keeping an invalid live draft', async () => {
    const { document, revision, ann, bob } = await openedByTwo()
    const [a, b, c] = document.nodes
    // An emptied label does not parse: the live document is a draft the stored workflow cannot take.
    dataOf(ann, a!.id).set('label', '')
    await reachedServer(ann, bob)

    const first = edited(document, (copy) => (nodeIn(copy, b!.id)!.position = { x: 1, y: 1 }))
    const firstRevision = await put(first, revision)
    const second = edited(first, (copy) => (nodeIn(copy, c!.id)!.position = { x: 2, y: 2 }))
    await put(second, firstRevision)

    await eventually(() => expect(nodeIn(live(ann), c!.id)?.position).toEqual({ x: 2, y: 2 }))
    expect(nodeIn(live(ann), b!.id)?.position).toEqual({ x: 1, y: 1 })
    expect(nodeIn(live(ann), a!.id)?.data.label).toBe('')
    await collaboration.flush()
    expect((await stored(document.id)).document).toEqual(second)
  })

  it('brings a save into an idle live document and stores no extra revision for it', async () => {
    const { document, revision, ann } = await openedByTwo()
    const saved = edited(document, (copy) => (copy.name = 'Renamed through the API'))
    const savedRevision = await put(saved, revision)

    await eventually(() => expect(live(ann)).toEqual(saved))
    await collaboration.flush()
    expect(await stored(document.id)).toMatchObject({ revision: savedRevision, document: saved })
  })
})

describe('a REST save the live document does not take', () => {
  it('answers 409 for a save built on an older revision and leaves the live document as it was', async () => {
    const { document, revision, ann, bob } = await openedByTwo()
    const renamed = edited(document, (copy) => (copy.name = 'Renamed first'))
    const newer = await put(renamed, revision)
    await eventually(() => expect(live(ann).name).toBe('Renamed first'))

    const response = await sendPut(
      document.id,
      edited(document, (copy) => (copy.name = 'Built on the older revision')),
      revision,
    )

    expect(response.status).toBe(409)
    expect((await jsonOf(response)).error.code).toBe('stale_revision')
    await collaboration.flush()
    expect(live(bob).name).toBe('Renamed first')
    expect(await stored(document.id)).toMatchObject({ revision: newer, document: renamed })
  })

  it('answers 422 naming the field of a document that does not fit, and changes nothing', async () => {
    const { document, revision, ann } = await openedByTwo()
    const response = await sendPut(document.id, { ...document, name: 42 }, revision)

    expect(response.status).toBe(422)
    expect(JSON.stringify(await jsonOf(response))).toContain('document.name')
    await collaboration.flush()
    expect(live(ann)).toEqual(document)
    expect(await stored(document.id)).toMatchObject({ revision, document })
  })
})

describe('a REST save while the runtime shuts down', () => {
  it('answers 503 and stores nothing once the live documents are closed', async () => {
    const { document, revision } = await openedByTwo()
    await collaboration.close()

    const response = await sendPut(document.id, { ...document, name: 'Too late' }, revision)

    expect(response.status).toBe(503)
    expect(await stored(document.id)).toMatchObject({ revision, document })
  })
})

describe('reading a workflow someone is editing live', () => {
  const throughServer = (path: string, method = 'GET') =>
    fetch(`${baseUrl}${path}`, { method, headers: { authorization: `Bearer ${harness.tokens.operator}` } })

  it('shows and deploys the live edits not stored yet', async () => {
    const { document, ann, bob } = await openedByTwo()
    const [a] = document.nodes
    dataOf(ann, a!.id).set('label', 'Renamed a moment ago')
    await reachedServer(ann, bob)

    const shown = await jsonOf(await throughServer(`/api/workflows/${document.id}`))
    expect(nodeIn(shown.document, a!.id)?.data.label).toBe('Renamed a moment ago')
    const deployed = await throughServer(`/api/workflows/${document.id}/deployments`, 'POST')
    expect(deployed.status).toBe(201)
    const { deployment } = await jsonOf(deployed)
    const version = await jsonOf(
      await throughServer(`/api/workflows/${document.id}/deployments/${deployment.version}`),
    )
    expect(nodeIn(version.document, a!.id)?.data.label).toBe('Renamed a moment ago')
  })

  it('exports the live edits not stored yet as BPMN', async () => {
    const { document, ann, bob } = await openedByTwo()
    const [a] = document.nodes
    dataOf(ann, a!.id).set('label', 'Renamed before the export')
    await reachedServer(ann, bob)

    const exported = await throughServer(`/api/workflows/${document.id}/export?format=bpmn`)
    expect(exported.status).toBe(200)
    expect(await exported.text()).toContain('name="Renamed before the export"')
  })

  it('still refuses whoever is not signed in', async () => {
    const { document } = await openedByTwo()
    const response = await fetch(`${baseUrl}/api/workflows/${document.id}`)
    expect(response.status).toBe(401)
  })
})
