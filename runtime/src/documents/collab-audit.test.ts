import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { workflowYDoc } from '@conveyor/shared'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { eventually, joinDocument, type TestClient } from '../collab/test-clients'
import { startServer, type RunningServer } from '../http/start-server'

const adminToken = 'collab-audit-admin-token'
let dir: string
let server: RunningServer
let storage: Database.Database
let workflowId: string
const clients: TestClient[] = []

async function openLive(name: string): Promise<TestClient> {
  const { secret } = await server.service.createToken({ name, role: 'editor' })
  const client = joinDocument(`ws://127.0.0.1:${server.port}/collab`, workflowId, { token: secret })
  clients.push(client)
  await client.synced
  return client
}

function storedBatches(): number {
  const row = storage
    .prepare('SELECT count(*) AS n FROM collab_updates WHERE workflow_id = ?')
    .get(workflowId)
  return (row as { n: number }).n
}

/** Makes an edit and waits until the live document stored it (a batch of its own). */
async function edit(client: TestClient, field: 'name' | 'description', text: string): Promise<void> {
  const before = storedBatches()
  workflowYDoc(client.doc).meta.set(field, text)
  await eventually(() => expect(storedBatches()).toBeGreaterThan(before))
}

/** Who the audit log names for each save of the workflow, oldest first. */
async function saveActors(): Promise<string[]> {
  // Reading the workflow stores what the live document holds first.
  await fetch(`${server.url}api/workflows/${workflowId}`, {
    headers: { authorization: `Bearer ${adminToken}` },
  })
  const { items } = await server.service.listAudit({ workflowId, action: 'workflow.updated' })
  return items.map((entry) => entry.actor).reverse()
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'collab-audit-'))
  server = await startServer(
    { host: '127.0.0.1', port: 0, dataDir: dir, adminToken, editorDist: join(dir, 'no-editor') },
    { say: () => {}, log: (line) => console.error(line) },
    // Windows that never close on their own: what closes them is what is tested.
    { limits: { storeDelayMs: 20 }, liveSaveWindowMs: 3_600_000 },
  )
  storage = new Database(join(dir, 'conveyor.db'), { readonly: true })
  const [first] = await server.service.listWorkflows()
  workflowId = first!.id
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.leave()
  storage.close()
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the audit log of live edits', () => {
  it("names the person who made them, one save for a person's edits in a row", async () => {
    const ann = await openLive('ann')
    await edit(ann, 'name', 'First try')
    await edit(ann, 'name', 'Second try')
    await edit(ann, 'description', 'And a description')

    expect(await saveActors()).toEqual(['user:ann'])
  })

  it("closes one person's batch when someone else edits, so each save names its own person", async () => {
    const ann = await openLive('ann')
    const bob = await openLive('bob')
    await edit(ann, 'name', 'By Ann')
    await edit(bob, 'description', 'By Bob')
    await edit(bob, 'name', 'By Bob too')

    expect(await saveActors()).toEqual(['user:ann', 'user:bob'])
    const { document } = await server.service.getWorkflow(workflowId)
    expect(document).toMatchObject({ name: 'By Bob too', description: 'By Bob' })
  })

  it('names each editor of a save as a person of their own, whatever their name holds', async () => {
    const smith = await openLive('Smith, Jo')
    await edit(smith, 'name', 'Renamed by Jo Smith')

    expect(await saveActors()).toEqual(['user:Smith, Jo'])
    const { items } = await server.service.listAudit({ workflowId, action: 'workflow.updated' })
    expect(items[0]!.detail).toMatchObject({ editors: ['user:Smith, Jo'] })
  })

  it('does not hold back what the workflow list shows while a window is open', async () => {
    const ann = await openLive('ann')
    await edit(ann, 'name', 'Renamed live')

    const response = await fetch(`${server.url}api/workflows`, {
      headers: { authorization: `Bearer ${adminToken}` },
    })
    const { items } = (await response.json()) as { items: Array<{ id: string; name: string }> }
    expect(items.find((item) => item.id === workflowId)?.name).toBe('Renamed live')
  })
})
