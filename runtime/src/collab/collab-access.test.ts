import { createNodeWebSocket } from '@hono/node-ws'
import { Hono } from 'hono'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeCodes } from './collab-connection'
import { createCollab } from './create-collab'
import { createSqlPersistence } from './sql-persistence'
import { eventually, handshakeStatus, joinDocument, type TestClient } from './test-clients'
import { startCollabServer, type CollabTestServer, type TokenGrants } from './test-server'

const grants: TokenGrants = {
  'ann-edits-wf1': { workflowId: 'wf-1', role: 'editor' },
  'bob-edits-wf2': { workflowId: 'wf-2', role: 'editor' },
}

let dir: string
let server: CollabTestServer
const clients: TestClient[] = []

function connect(workflowId: string, options: Parameters<typeof joinDocument>[2]): TestClient {
  const client = joinDocument(server.url, workflowId, options)
  clients.push(client)
  return client
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'collab-access-'))
  server = await startCollabServer({
    dataDir: dir,
    grants,
    allowedOrigins: ['http://localhost:5173'],
  })
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.leave()
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('who may join a document', () => {
  it('refuses a token for another workflow before any sync, and the client stops retrying', async () => {
    const intruder = connect('wf-1', { token: 'bob-edits-wf2' })
    intruder.doc.getText('title').insert(0, 'Not yours')
    const closed = new Promise((resolve) => intruder.provider.once('closed', resolve))

    expect(await closed).toEqual({ code: closeCodes.forbidden, reason: 'no access to this workflow' })
    expect(intruder.provider.synced).toBe(false)
    const ann = connect('wf-1', { token: 'ann-edits-wf1' })
    await ann.synced
    expect(ann.doc.getText('title').toString()).toBe('')
    expect(server.collab.getDoc('wf-1')?.getText('title').toString()).toBe('')
  })

  it('refuses a client without a token, and one with an unknown token', async () => {
    const anonymous = connect('wf-1', {})
    const unknown = connect('wf-1', { token: 'guessed' })
    await eventually(() => {
      expect(anonymous.closeCodes).toEqual([closeCodes.unauthenticated])
      expect(unknown.closeCodes).toEqual([closeCodes.forbidden])
    })
  })

  it('accepts the session cookie a browser sends', async () => {
    const ann = connect('wf-1', { headers: { cookie: 'theme=dark; conveyor_session=ann-edits-wf1' } })
    await ann.synced
    ann.doc.getText('title').insert(0, 'Hello')
    await eventually(() => expect(server.collab.getDoc('wf-1')?.getText('title').toString()).toBe('Hello'))
  })

  it('refuses pages from a foreign origin before the upgrade', async () => {
    const url = `${server.url}/wf-1?token=ann-edits-wf1`
    expect(await handshakeStatus(url, { origin: 'https://evil.example' })).toBe(403)
    expect(await handshakeStatus(url, { origin: 'null' })).toBe(403)
  })

  it('accepts its own origin, an allowed origin, and clients that send none', async () => {
    const own = connect('wf-1', {
      token: 'ann-edits-wf1',
      headers: { origin: `http://127.0.0.1:${server.port}` },
    })
    const devServer = connect('wf-1', {
      token: 'ann-edits-wf1',
      headers: { origin: 'http://localhost:5173' },
    })
    const node = connect('wf-1', { token: 'ann-edits-wf1' })
    await Promise.all([own.synced, devServer.synced, node.synced])
  })

  it('will not start with an allowed origin that is not one', () => {
    for (const entry of ['localhost:5173', 'not a url', 'file:///tmp/page.html']) {
      expect(() =>
        createCollab({
          authorize: () => null,
          persistence: createSqlPersistence(server.sql),
          allowedOrigins: [entry],
        }),
      ).toThrow(`Collaboration allowedOrigins: "${entry}" is not an origin such as http://localhost:5173`)
    }
  })

  it('refuses a malformed workflow id or Host, and upgrades to other paths', async () => {
    expect(await handshakeStatus(`${server.url}/not%20an%20id?token=ann-edits-wf1`)).toBe(400)
    expect(await handshakeStatus(`ws://127.0.0.1:${server.port}/elsewhere?token=ann-edits-wf1`)).toBe(404)
    expect(await handshakeStatus(`${server.url}/wf-1?token=ann-edits-wf1`, { host: 'not a host' })).toBe(400)
  })

  it('answers a plain HTTP request to the endpoint with 426', async () => {
    const routes = server.collab.routes(createNodeWebSocket({ app: new Hono() }).upgradeWebSocket)
    const plain = await routes.request('/collab/wf-1?token=ann-edits-wf1')
    expect(plain.status).toBe(426)
    expect(await plain.json()).toEqual({ error: { code: 'upgrade_required', message: expect.any(String) } })
  })
})
