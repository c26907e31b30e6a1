import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeCodes } from './collab-connection'
import type { CollabLimits } from './create-collab'
import { eventually, joinDocument, type TestClient } from './test-clients'
import { startCollabServer, type CollabTestServer, type TokenGrants } from './test-server'

let grants: TokenGrants
let dir: string
let server: CollabTestServer
const clients: TestClient[] = []

async function start(limits: Partial<CollabLimits>): Promise<void> {
  server = await startCollabServer({ dataDir: dir, grants, limits })
}

async function connect(token: string): Promise<TestClient> {
  const client = joinDocument(server.url, 'wf-1', { token })
  clients.push(client)
  await client.synced
  return client
}

function title(client: TestClient): string {
  return client.doc.getText('title').toString()
}

/** Bob's edit reaching the server shows that anything Ann sent before it arrived too. */
async function roundTrip(bob: TestClient, text: string): Promise<void> {
  bob.doc.getText('title').insert(0, text)
  await eventually(() => expect(server.collab.getDoc('wf-1')?.getText('title').toString()).toContain(text))
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'collab-recheck-'))
  grants = {
    'ann-edits-wf1': { workflowId: 'wf-1', role: 'editor', person: 'Ann' },
    'bob-edits-wf1': { workflowId: 'wf-1', role: 'editor', person: 'Bob' },
  }
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.leave()
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('a token that stops giving access while its socket is open', () => {
  it('has its sockets closed with 4401 when access is checked again, and its edits go nowhere', async () => {
    await start({ recheckAccessMs: 3_600_000 })
    const ann = await connect('ann-edits-wf1')
    const bob = await connect('bob-edits-wf1')
    const closed = new Promise((resolve) => ann.provider.once('closed', resolve))

    delete grants['ann-edits-wf1']
    await server.collab.recheckAccess()

    expect(await closed).toEqual({ code: closeCodes.unauthenticated, reason: 'access revoked' })
    ann.doc.getText('title').insert(0, 'After revocation ')
    await roundTrip(bob, 'Bob was here')
    await server.collab.flush()
    expect(server.collab.getDoc('wf-1')?.getText('title').toString()).toBe('Bob was here')
    expect(title(bob)).toBe('Bob was here')
    expect(ann.closeCodes).toEqual([closeCodes.unauthenticated])
  })

  it('is found by the periodic check, without anyone asking', async () => {
    await start({ recheckAccessMs: 50 })
    const ann = await connect('ann-edits-wf1')
    const bob = await connect('bob-edits-wf1')

    delete grants['ann-edits-wf1']

    await eventually(() => expect(ann.closeCodes).toEqual([closeCodes.unauthenticated]))
    await roundTrip(bob, 'Still connected')
    expect(bob.closeCodes).toEqual([])
  })
})
