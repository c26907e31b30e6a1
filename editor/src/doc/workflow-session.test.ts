import type { WorkflowDocument } from '@conveyor/shared'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exampleDocument } from './test-documents'
import { apiOrigin } from '../api/api-origin'
import { signInMessage } from '../api/api-error'
import { WorkflowSession, type SaveState } from './workflow-session'

/**
 * A real HTTP server standing in for the runtime's workflow routes: each save is the next
 * revision, and one naming an older revision than the stored one is refused as stale.
 */
const stored = new Map<string, { revision: number; document: WorkflowDocument }>()
const store = (id: string, document: WorkflowDocument) =>
  stored.set(id, { revision: (stored.get(id)?.revision ?? 0) + 1, document })
/** The `expectedRevision` of every save, in order. */
const expectedRevisions: unknown[] = []
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
      const body = JSON.parse(await bodyOf(request)) as {
        document: WorkflowDocument
        expectedRevision?: number
      }
      const { document, expectedRevision } = body
      expectedRevisions.push(expectedRevision)
      if (document.name === '') {
        response.statusCode = 422
        const details = { fields: [{ path: 'document.name', message: 'must not be empty' }] }
        return response.end(
          JSON.stringify({ error: { code: 'invalid', message: 'the document does not fit', details } }),
        )
      }
      const current = stored.get(id)
      if (expectedRevision !== undefined && expectedRevision !== current?.revision) {
        response.statusCode = 409
        const error = { code: 'stale_revision', message: `workflow "${id}" was saved by someone else` }
        return response.end(JSON.stringify({ error }))
      }
      store(id, document)
      return response.end(JSON.stringify({ id, ...stored.get(id) }))
    }
    const record = stored.get(id)
    if (!record) {
      response.statusCode = 404
      return response.end(JSON.stringify({ error: { code: 'not_found', message: `no workflow ${id}` } }))
    }
    response.end(JSON.stringify({ id, ...record }))
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
    store('order-to-cash', exampleDocument('order-to-cash'))
    const session = await WorkflowSession.open('order-to-cash')
    expect(session.document()).toEqual(exampleDocument('order-to-cash'))
    session.store.apply({ type: 'updateMeta', patch: { name: 'Order to cash, faster' } })
    expect(session.getState().saveState).toBe('unsaved')
    await settled(session, 'saved')
    expect(stored.get('order-to-cash')?.document.name).toBe('Order to cash, faster')
    session.dispose()
  })

  it('saves as the revision after the one it opened, then after its own last save', async () => {
    store('expense-claims', exampleDocument('order-to-cash'))
    const { revision } = stored.get('expense-claims')!
    expectedRevisions.length = 0
    const session = await WorkflowSession.open('expense-claims')
    session.store.apply({ type: 'updateMeta', patch: { name: 'Expense claims' } })
    await session.flush()
    session.store.apply({ type: 'updateMeta', patch: { description: 'Claims up to 10k' } })
    await session.flush()
    expect(expectedRevisions).toEqual([revision, revision + 1])
    expect(stored.get('expense-claims')).toMatchObject({ revision: revision + 2 })
    session.dispose()
  })

  it('keeps what others saved meanwhile: two tabs saving edits to different nodes from one revision', async () => {
    store('purchase-orders', exampleDocument('order-to-cash'))
    const [first, second] = exampleDocument('order-to-cash').nodes
    const ann = await WorkflowSession.open('purchase-orders')
    const bob = await WorkflowSession.open('purchase-orders')
    ann.store.apply({ type: 'updateNodeData', id: first!.id, patch: { label: 'Checked by Ann' } })
    ann.store.apply({ type: 'updateMeta', patch: { name: 'Orders to buy' } })
    await ann.flush()
    bob.store.apply({ type: 'updateNodeData', id: second!.id, patch: { label: 'Checked by Bob' } })
    bob.store.apply({ type: 'updateMeta', patch: { name: 'Purchase orders' } })
    await bob.flush()

    const labels = (document: WorkflowDocument) => document.nodes.slice(0, 2).map((node) => node.data.label)
    const saved = stored.get('purchase-orders')!.document
    expect(labels(saved)).toEqual(['Checked by Ann', 'Checked by Bob'])
    // Both renamed the workflow: the last save wins, as a save does in the live document.
    expect(saved.name).toBe('Purchase orders')
    expect(bob.document().name).toBe('Purchase orders')
    // Bob's tab took Ann's save in, as something Ctrl+Z does not undo.
    expect(labels(bob.document())).toEqual(['Checked by Ann', 'Checked by Bob'])
    bob.store.undo()
    bob.store.undo()
    expect(labels(bob.document())).toEqual(['Checked by Ann', second!.data.label])
    expect(bob.getState().saveState).toBe('unsaved')
    ann.dispose()
    bob.dispose()
  })

  it('says why a save was refused, naming the field', async () => {
    store('ticket-to-resolution', exampleDocument('ticket-to-resolution'))
    const session = await WorkflowSession.open('ticket-to-resolution')
    session.store.apply({ type: 'updateMeta', patch: { name: '' } })
    await settled(session, 'error')
    expect(session.getState().saveError).toContain('document.name: must not be empty')
    session.dispose()
  })

  it('stores what is shown before a deployment, or says why it cannot', async () => {
    store('invoice-intake', exampleDocument('order-to-cash'))
    const session = await WorkflowSession.open('invoice-intake')
    session.store.apply({ type: 'updateMeta', patch: { name: 'Invoice intake' } })
    await session.storeChanges()
    expect(stored.get('invoice-intake')?.document.name).toBe('Invoice intake')

    session.store.apply({ type: 'updateMeta', patch: { name: '' } })
    await expect(session.storeChanges()).rejects.toThrow(/not saved: .*document.name: must not be empty/)
    expect(stored.get('invoice-intake')?.document.name).toBe('Invoice intake')
    session.dispose()
  })

  it('tells people how to sign in when the runtime asks for it', async () => {
    await expect(WorkflowSession.open('secret')).rejects.toThrow(signInMessage)
  })

  it('names a workflow that does not exist', async () => {
    await expect(WorkflowSession.open('nowhere')).rejects.toThrow(/no workflow nowhere/)
  })
})
