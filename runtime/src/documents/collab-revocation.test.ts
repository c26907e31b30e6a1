import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { workflowYDoc } from '@conveyor/shared'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../cli/run-cli'
import { tokensCommand } from '../cli/commands/tokens'
import { closeCodes, type CollabLimits } from '../collab'
import { eventually, joinDocument, type TestClient } from '../collab/test-clients'
import { startServer, type RunningServer } from '../http/start-server'

const adminToken = 'collab-revocation-admin-token'
let dir: string
let server: RunningServer
let workflowId: string
const clients: TestClient[] = []

async function start(collabLimits: Partial<CollabLimits>): Promise<void> {
  server = await startServer(
    { host: '127.0.0.1', port: 0, dataDir: dir, adminToken, editorDist: join(dir, 'no-editor') },
    { say: () => {}, log: (line) => console.error(line) },
    { limits: collabLimits },
  )
  const [first] = await server.service.listWorkflows()
  workflowId = first!.id
}

async function openLive(token: string): Promise<TestClient> {
  const client = joinDocument(`ws://127.0.0.1:${server.port}/collab`, workflowId, { token })
  clients.push(client)
  await client.synced
  return client
}

function write(client: TestClient, field: 'name' | 'description', text: string): void {
  workflowYDoc(client.doc).meta.set(field, text)
}

/** The stored workflow (the live document's changes stored first). */
async function stored(): Promise<{ name: string; description?: string }> {
  const response = await fetch(`${server.url}api/workflows/${workflowId}`, {
    headers: { authorization: `Bearer ${adminToken}` },
  })
  return ((await response.json()) as { document: { name: string; description?: string } }).document
}

/**
 * Ann, an editor, and an admin edit live; Ann's token is revoked; what she edits next must reach
 * neither the others nor the stored workflow. The admin's later edit arriving shows anything Ann
 * could still have sent would have arrived too.
 */
async function revokedWhileEditing(revoke: (tokenId: string) => Promise<void>): Promise<void> {
  const ann = await server.service.createToken({ name: 'ann', role: 'editor' })
  const annLive = await openLive(ann.secret)
  const admin = await openLive(adminToken)
  write(annLive, 'name', 'Renamed by Ann')
  await eventually(async () => expect((await stored()).name).toBe('Renamed by Ann'))

  await revoke(ann.token.id)

  await eventually(() => expect(annLive.closeCodes).toEqual([closeCodes.unauthenticated]))
  write(annLive, 'name', 'Renamed after revocation')
  write(admin, 'description', 'Written by the admin afterwards')
  await eventually(async () => expect((await stored()).description).toBe('Written by the admin afterwards'))
  expect((await stored()).name).toBe('Renamed by Ann')
  expect(workflowYDoc(admin.doc).meta.get('name')).toBe('Renamed by Ann')
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'collab-revocation-'))
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.leave()
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a token revoked while its live connection is open', () => {
  it('through the API: the connection is closed with 4401 at once and takes no further edits', async () => {
    // No periodic check in this run: only the revocation itself can close the connection.
    await start({ recheckAccessMs: 3_600_000 })
    await revokedWhileEditing(async (tokenId) => {
      const response = await fetch(`${server.url}api/tokens/${tokenId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${adminToken}` },
      })
      expect(response.status).toBe(200)
    })
  })

  it('by the tokens command, from another process: the periodic check closes the connection', async () => {
    await start({ recheckAccessMs: 100 })
    await revokedWhileEditing(async (tokenId) => {
      const io = {
        cwd: process.cwd(),
        out: () => {},
        err: (text: string) => console.error(text),
        readInput: async () => '',
      }
      const code = await runCli({ tokens: tokensCommand }, ['tokens', 'revoke', tokenId, '--data', dir], io)
      expect(code).toBe(0)
    })
  })
})
