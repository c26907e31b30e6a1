// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { EditorExtensionProps } from '../app/extensions'
import { apiOrigin } from '../api/api-origin'
import { WorkflowStore } from '../doc/workflow-store'
import { exampleDocument } from '../doc/test-documents'
import { CommentsTab } from './comments-tab'

/** The runtime's `GET /api/me`, answering as whoever the test signs in. */
let signedIn: { name: string; role: string } | null = null
let server: Server

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url !== '/api/me' || !signedIn) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}')
      return
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(signedIn))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  apiOrigin.value = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
afterEach(cleanup)

function tabProps(selected: string[], store = new WorkflowStore()): EditorExtensionProps {
  if (store.isEmpty()) store.load(exampleDocument('order-to-cash'))
  return {
    workflowId: 'order-to-cash',
    doc: store.getSnapshot(),
    ydoc: store.y.ydoc,
    selectedNodeIds: new Set(selected),
    setOverlay: () => {},
    focusNode: () => {},
    storeChanges: () => Promise.resolve(),
  }
}

describe('the Comments tab', () => {
  it('writes as the signed-in person on the one selected node', async () => {
    signedIn = { name: 'Ada Lovelace', role: 'editor' }
    const props = tabProps([])
    const node = props.doc.nodes[1]!
    const { rerender } = render(<CommentsTab {...props} />)
    expect(screen.getByText('Select one node to see and add its comments.')).toBeTruthy()

    rerender(<CommentsTab {...props} selectedNodeIds={new Set([node.id])} />)
    fireEvent.change(await screen.findByLabelText('New comment'), { target: { value: 'Needs a deadline' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add comment' }))
    expect(screen.getByRole('heading').textContent).toBe(`Comments on ${node.data.label}`)
    expect(screen.getByRole('article', { name: 'Thread started by Ada Lovelace' }).textContent).toContain(
      'Needs a deadline',
    )
  })

  it('only reads for a viewer, or when the runtime cannot say who is signed in', async () => {
    signedIn = { name: 'Val', role: 'viewer' }
    const props = tabProps([])
    const selected = new Set([props.doc.nodes[0]!.id])
    render(<CommentsTab {...props} selectedNodeIds={selected} />)
    expect((await screen.findByRole('note')).textContent).toMatch(/editor role/)
    cleanup()

    signedIn = null
    render(<CommentsTab {...props} selectedNodeIds={selected} />)
    expect((await screen.findByRole('note')).textContent).toMatch(/signed-in name/)
    expect(screen.queryByRole('textbox')).toBeNull()
  })

  it('lists the threads of deleted nodes under their old name, to answer and resolve them', async () => {
    signedIn = { name: 'Ada Lovelace', role: 'editor' }
    const store = new WorkflowStore()
    const props = tabProps([], store)
    const node = props.doc.nodes[1]!
    const { rerender } = render(<CommentsTab {...props} selectedNodeIds={new Set([node.id])} />)
    fireEvent.change(await screen.findByLabelText('New comment'), { target: { value: 'Still needed?' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add comment' }))
    expect(screen.queryByRole('region', { name: 'On removed nodes' })).toBeNull()

    store.apply({ type: 'deleteElements', nodeIds: [node.id], edgeIds: [] })
    rerender(<CommentsTab {...tabProps([], store)} />)
    const removed = screen.getByRole('region', { name: 'On removed nodes' })
    const thread = within(removed).getByRole('article', { name: 'Thread started by Ada Lovelace' })
    expect(thread.textContent).toContain(`Left on “${node.data.label}”, since deleted`)
    expect(thread.textContent).toContain('Still needed?')
    expect(removed.textContent).toContain('One thread was left open')

    fireEvent.change(within(thread).getByLabelText('Reply'), { target: { value: 'No, it went away' } })
    fireEvent.click(within(thread).getByRole('button', { name: 'Send reply' }))
    fireEvent.click(within(thread).getByRole('button', { name: 'Resolve' }))
    expect(removed.textContent).toContain('Every thread left on a deleted node is resolved.')
    const folded = within(removed).getByRole('group')
    expect(within(folded).getByText('1 resolved thread')).toBeTruthy()
    expect(
      within(folded).getByRole('article', { name: 'Thread started by Ada Lovelace (resolved)' }).textContent,
    ).toContain('No, it went away')
    cleanup()

    signedIn = { name: 'Val', role: 'viewer' }
    render(<CommentsTab {...tabProps([], store)} />)
    const asViewer = await screen.findByRole('region', { name: 'On removed nodes' })
    expect(within(asViewer).getByRole('note').textContent).toMatch(/editor role/)
    expect(within(asViewer).queryByRole('button')).toBeNull()
    expect(within(asViewer).queryByRole('textbox')).toBeNull()
  })
})
