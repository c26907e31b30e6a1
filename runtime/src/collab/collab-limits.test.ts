import * as encoding from 'lib0/encoding'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { writeUpdate } from 'y-protocols/sync'
import type WebSocket from 'ws'
import * as Y from 'yjs'
import { closeCodes } from './collab-connection'
import { eventually, closeCodeOf, joinDocument, openRawSocket, type TestClient } from './test-clients'
import type { CollabLimits } from './create-collab'
import { startCollabServer, type CollabTestServer, type TokenGrants } from './test-server'

const grants: TokenGrants = { 'ann-edits-wf1': { workflowId: 'wf-1', role: 'editor' } }
const maxMessageBytes = 64 * 1024

let dir: string
let server: CollabTestServer
const clients: TestClient[] = []
let wsUrl: string

function connect(): TestClient {
  const client = joinDocument(server.url, 'wf-1', { token: 'ann-edits-wf1' })
  clients.push(client)
  return client
}

/** A y-websocket awareness message announcing `state` for `clientId`. */
function presenceMessage(clientId: number, state: object): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientId
  const awareness = new Awareness(doc)
  awareness.setLocalState(state)
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [clientId]))
  awareness.destroy()
  return encoding.toUint8Array(encoder)
}

/** A y-websocket sync-update message around arbitrary update bytes. */
function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

async function startServer(limits: Partial<CollabLimits> = {}): Promise<void> {
  server = await startCollabServer({
    dataDir: dir,
    grants,
    limits: { maxMessageBytes, maxBufferedBytes: 256 * 1024, ...limits },
  })
  wsUrl = `${server.url}/wf-1?token=ann-edits-wf1`
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'collab-limits-'))
  await startServer()
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.leave()
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('a client that breaks the rules', () => {
  it('is disconnected with 1009 for an oversized message while the others keep working', async () => {
    const ann = connect()
    await ann.synced
    const socket = await openRawSocket(wsUrl)
    const closed = closeCodeOf(socket)
    socket.send(new Uint8Array(maxMessageBytes + 1))

    expect(await closed).toBe(closeCodes.messageTooBig)
    ann.doc.getText('title').insert(0, 'Still here')
    const bob = connect()
    await bob.synced
    await eventually(() => expect(bob.doc.getText('title').toString()).toBe('Still here'))
  })

  it('is disconnected with 4400 for garbage, and nobody else notices', async () => {
    const ann = connect()
    await ann.synced
    ann.doc.getText('title').insert(0, 'Intact')
    await eventually(() => expect(server.collab.getDoc('wf-1')?.getText('title').toString()).toBe('Intact'))

    const garbage = await openRawSocket(wsUrl)
    const garbageClosed = closeCodeOf(garbage)
    garbage.send(Uint8Array.from([0, 2, 200, 1, 7, 7, 7]))
    expect(await garbageClosed).toBe(closeCodes.malformed)

    const text = await openRawSocket(wsUrl)
    const textClosed = closeCodeOf(text)
    text.send('hello')
    expect(await textClosed).toBe(closeCodes.unsupportedData)

    const bob = connect()
    await bob.synced
    expect(bob.doc.getText('title').toString()).toBe('Intact')
    expect(ann.closeCodes).toEqual([])
  })

  it('is disconnected for a truncated update, none of which is applied', async () => {
    const ann = connect()
    await ann.synced
    ann.doc.getText('title').insert(0, 'Intact')

    // Cut inside the delete set: Yjs alone would integrate the inserted text, then fail.
    const other = new Y.Doc()
    other.getText('title').insert(0, 'Half an edit')
    other.getText('title').delete(0, 5)
    const update = Y.encodeStateAsUpdate(other)
    const socket = await openRawSocket(wsUrl)
    const closed = closeCodeOf(socket)
    socket.send(updateMessage(update.slice(0, update.length - 2)))

    expect(await closed).toBe(closeCodes.malformed)
    await server.collab.flush()
    expect(server.collab.getDoc('wf-1')?.getText('title').toString()).toBe('Intact')
    expect(ann.doc.getText('title').toString()).toBe('Intact')
  })

  it('is disconnected with 1013 when it stops reading, and the others keep up', async () => {
    const ann = connect()
    const bob = connect()
    await Promise.all([ann.synced, bob.synced])
    const stalled = await openRawSocket(wsUrl)
    const closed = closeCodeOf(stalled)
    stalled.send(presenceMessage(4242, { user: { name: 'Stalled' } }))
    await eventually(() => expect(bob.provider.awareness.getStates().has(4242)).toBe(true))
    stalled.pause()

    // Its presence goes once the server drops it; until then, keep filling its buffers.
    const chunk = 'x'.repeat(32 * 1024)
    for (let sent = 0; bob.provider.awareness.getStates().has(4242); sent += chunk.length) {
      expect(sent).toBeLessThan(64 * 1024 * 1024)
      ann.doc.getText('title').insert(0, chunk)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    stalled.resume()

    expect(await closed).toBe(closeCodes.tryAgainLater)
    await eventually(() => expect(bob.doc.getText('title').length).toBe(ann.doc.getText('title').length))
  })
})

describe('presence', () => {
  it('reaches the others and disappears when its client disconnects', async () => {
    const ann = connect()
    const bob = connect()
    await Promise.all([ann.synced, bob.synced])
    ann.provider.awareness.setLocalStateField('user', { name: 'Ann', selection: ['intake'] })
    await eventually(() =>
      expect(bob.provider.awareness.getStates().get(ann.doc.clientID)).toEqual({
        user: { name: 'Ann', selection: ['intake'] },
      }),
    )

    // Ann's connection drops without a farewell (a crashed tab, a lost network): only the server
    // can clear her presence.
    const annId = ann.doc.clientID
    ann.provider.shouldConnect = false
    ;(ann.provider.ws as unknown as WebSocket).terminate()
    await eventually(() => expect(bob.provider.awareness.getStates().has(annId)).toBe(false))
    const cid = connect()
    await cid.synced
    expect(cid.provider.awareness.getStates().has(annId)).toBe(false)
  })

  it('disappears when its client stops answering pings', async () => {
    await server.stop()
    await startServer({ pingIntervalMs: 100 })
    const bob = connect()
    await bob.synced
    const silent = await openRawSocket(wsUrl, { autoPong: false })
    const closed = closeCodeOf(silent)
    silent.send(presenceMessage(4242, { user: { name: 'Gone' } }))
    await eventually(() =>
      expect(bob.provider.awareness.getStates().get(4242)).toEqual({ user: { name: 'Gone' } }),
    )

    expect(await closed).toBe(1006)
    await eventually(() => expect(bob.provider.awareness.getStates().has(4242)).toBe(false))
  })
})
