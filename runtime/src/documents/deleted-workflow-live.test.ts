import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addThread, readDocument, threadsOf, workflowBuilders as b, workflowYDoc } from '@conveyor/shared'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeCodes } from '../collab'
import { eventually, joinDocument, type TestClient } from '../collab/test-clients'
import { startServer, type RunningServer } from '../http/start-server'

const adminToken = 'deleted-workflow-live-admin-token'
let dir: string
let server: RunningServer
const clients: TestClient[] = []

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deleted-workflow-live-'))
  server = await startServer(
    { host: '127.0.0.1', port: 0, dataDir: dir, adminToken, editorDist: join(dir, 'no-editor') },
    { say: () => {}, log: (line) => console.error(line) },
  )
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.leave()
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

function api(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path.slice(1)}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

async function openLive(workflowId: string): Promise<TestClient> {
  const client = joinDocument(`ws://127.0.0.1:${server.port}/collab`, workflowId, { token: adminToken })
  clients.push(client)
  await client.synced
  return client
}

const intake = (name: string, stepLabel: string) =>
  b.workflow(
    [b.trigger('start'), b.step('work', { label: stepLabel }), b.end('done')],
    b.chain('start', 'work', 'done'),
    { id: 'intake', name },
  )

describe('deleting a workflow someone has open live', () => {
  it('closes their connection and leaves nothing of it to a new workflow made under the same id', async () => {
    expect((await api('POST', '/api/workflows', { document: intake('Old intake', 'Old step') })).status).toBe(
      201,
    )
    const ann = await openLive('intake')
    addThread(ann.doc, { nodeId: 'work', author: 'Ann', text: 'Only about the old step' })
    const watcher = await openLive('intake')
    await eventually(() => expect(threadsOf(watcher.doc)).toHaveLength(1))
    // Reading the workflow stores the live document's changes first.
    expect((await api('GET', '/api/workflows/intake')).status).toBe(200)

    expect((await api('DELETE', '/api/workflows/intake')).status).toBe(204)
    await eventually(() => expect(ann.closeCodes).toContain(closeCodes.gone))

    expect((await api('POST', '/api/workflows', { document: intake('New intake', 'New step') })).status).toBe(
      201,
    )
    const bob = await openLive('intake')
    const live = readDocument(workflowYDoc(bob.doc))
    expect(live.name).toBe('New intake')
    expect(live.nodes.find((node) => node.id === 'work')?.data.label).toBe('New step')
    expect(threadsOf(bob.doc)).toEqual([])
    const stored = (await (await api('GET', '/api/workflows/intake')).json()) as {
      document: { name: string }
    }
    expect(stored.document.name).toBe('New intake')
  })
})
