import { addThread, reply, threadsOf } from '@conveyor/shared'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSqlPersistence } from './sql-persistence'
import { eventually, joinDocument, type TestClient } from './test-clients'
import { startCollabServer, type CollabTestServer, type TokenGrants } from './test-server'

const grants: TokenGrants = {
  'ann-edits-wf1': { workflowId: 'wf-1', role: 'editor', person: 'Ann' },
  'bob-edits-wf1': { workflowId: 'wf-1', role: 'editor', person: 'Bob' },
}

let dir: string
let server: CollabTestServer
const clients: TestClient[] = []

async function connect(token: string): Promise<TestClient> {
  const client = joinDocument(server.url, 'wf-1', { token })
  clients.push(client)
  await client.synced
  return client
}

/** Who each comment is signed by, thread by thread, as a document holds them. */
function authors(doc: Y.Doc): string[][] {
  return threadsOf(doc).map((thread) => thread.messages.map((message) => message.author))
}

/** The authors as stored, read back from the database. */
async function storedAuthors(): Promise<string[][]> {
  await server.collab.flush()
  const doc = new Y.Doc()
  Y.applyUpdate(doc, (await createSqlPersistence(server.sql).load('wf-1'))!)
  return authors(doc)
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'collab-comment-authors-'))
  server = await startCollabServer({ dataDir: dir, grants })
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.leave()
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('who a comment is signed by', () => {
  it('is the person whose connection wrote it, whatever name the client put on it', async () => {
    const ann = await connect('ann-edits-wf1')
    const bob = await connect('bob-edits-wf1')

    const thread = addThread(ann.doc, { nodeId: 'review', author: 'admin', text: 'Approved by admin' })
    await eventually(() => expect(authors(bob.doc)).toEqual([['Ann']]))
    reply(bob.doc, thread, { author: 'Bob', text: 'Thanks' })
    // Replies written at once are ordered by client id; Ann answers once she has read Bob's.
    await eventually(() => expect(authors(ann.doc)).toEqual([['Ann', 'Bob']]))
    reply(ann.doc, thread, { author: 'Bob', text: 'Signed as Bob' })

    const expected = [['Ann', 'Bob', 'Ann']]
    await eventually(() => {
      expect(authors(ann.doc)).toEqual(expected)
      expect(authors(bob.doc)).toEqual(expected)
      expect(authors(server.collab.getDoc('wf-1')!)).toEqual(expected)
    })
    expect(await storedAuthors()).toEqual(expected)
    // The texts and times are the client's; only the signature was replaced.
    expect(threadsOf(bob.doc)[0]!.messages.map((message) => message.text)).toEqual([
      'Approved by admin',
      'Thanks',
      'Signed as Bob',
    ])
  })

  it('is corrected in a thread whose messages a client replaced wholesale', async () => {
    const ann = await connect('ann-edits-wf1')
    const thread = addThread(ann.doc, { nodeId: 'review', author: 'Ann', text: 'First' })
    const bob = await connect('bob-edits-wf1')
    const forged = { id: 'forged', author: 'Ann', text: 'Not Ann', at: new Date().toISOString() }
    bob.doc.transact(() => {
      const threadMap = bob.doc.getMap<Y.Map<unknown>>('comments').get(thread)!
      threadMap.set('messages', Y.Array.from([forged]))
    })

    await eventually(() => {
      expect(authors(ann.doc)).toEqual([['Bob']])
      expect(authors(bob.doc)).toEqual([['Bob']])
    })
    expect(await storedAuthors()).toEqual([['Bob']])
  })
})
