import type { WorkflowDocument } from '@conveyor/shared'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exampleDocument } from './test-documents'
import { apiOrigin, signInHint } from './workflow-api'
import { WorkflowSession, type SaveState } from './workflow-session'

/** A real HTTP server standing in for the runtime's workflow routes. */
const stored = new Map<string, WorkflowDocument>()
let server: Server

const bodyOf = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => resolve(body))
  })

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const id = decodeURIComponent(/^\/api\/workflows\/([^/]+)$/.exec(request.url ?? '')?.[1] ?? '')
    response.setHeader('content-type', 'application/json')
    if (id === 'secret') {
      response.statusCode = 401
      return response.end(JSON.stringify({ error: { code: 'unauthorized', message: 'sign in' } }))
    }
    if (request.method === 'PUT') {
      const { document } = JSON.parse(await bodyOf(request)) as { document: WorkflowDocument }
      if (document.name === '') {
        response.statusCode = 422
        const details = { fields: [{ path: 'document.name', message: 'must not be empty' }] }
        return response.end(
          JSON.stringify({ error: { code: 'invalid', message: 'the document does not fit', details } }),
        )
      }
      stored.set(id, document)
      return response.end(JSON.stringify({ id, document }))
    }
    const document = stored.get(id)
    if (!document) {
      response.statusCode = 404
      return response.end(JSON.stringify({ error: { code: 'not_found', message: `no workflow ${id}` } }))
    }
    response.end(JSON.stringify({ id, revision: 1, document }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  apiOrigin.value = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function settled(session: WorkflowSession, state: SaveState): Promise<void> {
  return new Promise((resolve) => {
    const check = () => session.getState().saveState === state && (unsubscribe(), resolve())
    const unsubscribe = session.subscribe(check)
    check()
  })
}

describe('an open workflow', () => {
  it('loads the document from the runtime and saves edits back to it', async () => {
    stored.set('order-to-cash', exampleDocument('order-to-cash'))
    const session = await WorkflowSession.open('order-to-cash')
    expect(session.document()).toEqual(exampleDocument('order-to-cash'))
    session.store.apply({ type: 'updateMeta', patch: { name: 'Order to cash, faster' } })
    expect(session.getState().saveState).toBe('unsaved')
    await settled(session, 'saved')
    expect(stored.get('order-to-cash')?.name).toBe('Order to cash, faster')
    session.dispose()
  })

  it('says why a save was refused, naming the field', async () => {
    stored.set('ticket-to-resolution', exampleDocument('ticket-to-resolution'))
    const session = await WorkflowSession.open('ticket-to-resolution')
    session.store.apply({ type: 'updateMeta', patch: { name: '' } })
    await settled(session, 'error')
    expect(session.getState().saveError).toContain('document.name: must not be empty')
    session.dispose()
  })

  it('tells people how to sign in when the runtime asks for it', async () => {
    await expect(WorkflowSession.open('secret')).rejects.toThrow(signInHint)
  })

  it('names a workflow that does not exist', async () => {
    await expect(WorkflowSession.open('nowhere')).rejects.toThrow(/no workflow nowhere/)
  })
})
