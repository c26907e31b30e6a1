// @vitest-environment jsdom
import { addThread, threadsForNode } from '@conveyor/shared'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { EditorExtensionProps } from '../app/extensions'
import { exampleDocument } from '../doc/test-documents'
import { WorkflowStore } from '../doc/workflow-store'
import { CommentBadges } from './comment-badges'
import { CommentsPanel } from './comments-panel'

afterEach(cleanup)

function write(label: string, text: string, button: string, scope: HTMLElement = document.body) {
  fireEvent.change(within(scope).getByLabelText(label), { target: { value: text } })
  fireEvent.click(within(scope).getByRole('button', { name: button }))
}

function openedStore() {
  const store = new WorkflowStore()
  store.load(exampleDocument('order-to-cash'))
  const node = store.getSnapshot().nodes[0]!
  return { store, node }
}

describe('comments on a node', () => {
  it('adds a comment, takes a reply and is resolved and reopened, all in the shared document', () => {
    const { store, node } = openedStore()
    const ydoc = store.y.ydoc
    render(<CommentsPanel ydoc={ydoc} nodeId={node.id} nodeLabel={node.data.label} author="Ada" />)
    expect(screen.getByText('No comments on this node yet.')).toBeTruthy()

    write('New comment', '<b>Who approves?</b>', 'Add comment')
    const thread = screen.getByRole('article', { name: 'Thread started by Ada' })
    // Text stays text: the markup shows as written, no element is made from it.
    expect(within(thread).getByText('<b>Who approves?</b>')).toBeTruthy()
    expect(thread.querySelector('b')).toBeNull()

    write('Reply', 'Finance, above 10k.', 'Send reply', thread)
    expect(
      within(thread)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      expect.stringMatching(/^Ada · .*<b>Who approves\?<\/b>$/),
      expect.stringMatching(/^Ada · .*Finance, above 10k\.$/),
    ])
    expect(threadsForNode(ydoc, node.id)[0]!.messages).toHaveLength(2)

    fireEvent.click(within(thread).getByRole('button', { name: 'Resolve' }))
    const resolved = screen.getByRole('article', { name: 'Thread started by Ada (resolved)' })
    expect(within(resolved).getByText('Resolved')).toBeTruthy()
    expect(within(resolved).queryByLabelText('Reply')).toBeNull()
    expect(threadsForNode(ydoc, node.id)[0]!.resolved).toBe(true)

    fireEvent.click(within(resolved).getByRole('button', { name: 'Reopen' }))
    expect(screen.getByRole('article', { name: 'Thread started by Ada' })).toBeTruthy()
  })

  it('says why an overlong comment is refused, and keeps the text', () => {
    const { store, node } = openedStore()
    render(<CommentsPanel ydoc={store.y.ydoc} nodeId={node.id} nodeLabel={node.data.label} author="Ada" />)
    const box = screen.getByLabelText('New comment') as HTMLTextAreaElement
    fireEvent.change(box, { target: { value: 'x'.repeat(2001) } })
    fireEvent.click(screen.getByRole('button', { name: 'Add comment' }))
    expect(screen.getByRole('alert').textContent).toBe(
      "A comment's text is 2001 characters; the limit is 2000",
    )
    expect(box.value).toHaveLength(2001)
    expect(threadsForNode(store.y.ydoc, node.id)).toEqual([])
  })

  it("shows someone else's comment as it arrives and is not taken back by undoing a diagram edit", () => {
    const { store, node } = openedStore()
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(store.y.ydoc))
    other.on('update', (update: Uint8Array) => Y.applyUpdate(store.y.ydoc, update, 'socket'))
    render(<CommentsPanel ydoc={store.y.ydoc} nodeId={node.id} nodeLabel={node.data.label} author="Ada" />)

    store.apply({ type: 'updateNodeData', id: node.id, patch: { label: 'Renamed' } })
    write('New comment', 'Mine', 'Add comment')
    act(() => {
      const theirs = new Y.Map<unknown>()
      theirs.set('nodeId', node.id)
      theirs.set('resolved', false)
      theirs.set('createdAt', '2030-01-01T00:00:00.000Z')
      theirs.set(
        'messages',
        Y.Array.from([{ id: 'm1', author: 'Grace', text: 'Theirs', at: '2030-01-01T00:00:00.000Z' }]),
      )
      other.getMap('comments').set('t-grace', theirs)
    })
    expect(screen.getByRole('article', { name: 'Thread started by Grace' })).toBeTruthy()

    const snapshot = store.getSnapshot()
    write('Reply', 'Agreed', 'Send reply', screen.getByRole('article', { name: 'Thread started by Ada' }))
    expect(store.getSnapshot(), 'comments alone leave the workflow snapshot as it was').toBe(snapshot)

    act(() => store.undo())
    expect(store.getSnapshot().nodes[0]!.data.label).toBe(node.data.label)
    expect(threadsForNode(store.y.ydoc, node.id).map((thread) => thread.messages[0]!.text)).toEqual([
      'Mine',
      'Theirs',
    ])
    expect(store.undoManager.canUndo()).toBe(false)
  })

  it('paints a badge with the number of open threads on each node', () => {
    const { store, node } = openedStore()
    const setOverlay = vi.fn()
    const props: EditorExtensionProps = {
      workflowId: 'order-to-cash',
      doc: store.getSnapshot(),
      ydoc: store.y.ydoc,
      selectedNodeIds: new Set(),
      setOverlay,
      focusNode: () => {},
      storeChanges: () => Promise.resolve(),
    }
    render(<CommentBadges {...props} />)
    render(<CommentsPanel ydoc={store.y.ydoc} nodeId={node.id} nodeLabel={node.data.label} author="Ada" />)
    write('New comment', 'One', 'Add comment')
    write('New comment', 'Two', 'Add comment')
    expect(setOverlay).toHaveBeenLastCalledWith({ [node.id]: { badges: ['2 open comments'] } })
    fireEvent.click(screen.getAllByRole('button', { name: 'Resolve' })[0]!)
    expect(setOverlay).toHaveBeenLastCalledWith({ [node.id]: { badges: ['1 open comment'] } })
  })

  it('shows a viewer the threads without any way to write, and says why', () => {
    const { store, node } = openedStore()
    addThread(store.y.ydoc, { nodeId: node.id, author: 'Grace', text: 'Is this step still needed?' })
    render(
      <CommentsPanel
        ydoc={store.y.ydoc}
        nodeId={node.id}
        nodeLabel={node.data.label}
        author={null}
        readOnlyReason="Viewers can read comments; writing them needs the editor role."
      />,
    )
    expect(screen.getByText('Is this step still needed?')).toBeTruthy()
    expect(screen.getByRole('note').textContent).toBe(
      'Viewers can read comments; writing them needs the editor role.',
    )
    expect(screen.queryByRole('textbox')).toBeNull()
    expect(screen.queryByRole('button')).toBeNull()
  })
})
