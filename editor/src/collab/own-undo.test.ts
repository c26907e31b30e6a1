import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { exampleDocument } from '../doc/test-documents'
import { WorkflowStore } from '../doc/workflow-store'

/** Two tabs whose Y.Docs exchange encoded updates, as the collaboration socket carries them. */
function connectedPair() {
  const a = new WorkflowStore()
  const b = new WorkflowStore()
  const remoteOrigin = { name: 'collaboration socket' }
  const relay = (from: WorkflowStore, to: WorkflowStore) =>
    from.y.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== remoteOrigin) Y.applyUpdate(to.y.ydoc, update, remoteOrigin)
    })
  relay(a, b)
  relay(b, a)
  a.load(exampleDocument('order-to-cash'))
  return { a, b }
}

const labelOf = (store: WorkflowStore, id: string) =>
  store.getSnapshot().nodes.find((node) => node.id === id)?.data.label

describe('undo with someone else editing the same workflow', () => {
  it("undoes only this tab's own edits, keeping the other person's", () => {
    const { a, b } = connectedPair()
    const [first, second] = a.getSnapshot().nodes
    a.apply({ type: 'updateNodeData', id: first!.id, patch: { label: 'Mine' } })
    b.apply({ type: 'updateNodeData', id: second!.id, patch: { label: 'Theirs' } })
    expect(labelOf(a, second!.id)).toBe('Theirs')

    a.undo()

    for (const store of [a, b]) {
      expect(labelOf(store, first!.id)).toBe(first!.data.label)
      expect(labelOf(store, second!.id)).toBe('Theirs')
    }
    expect(a.undoManager.canUndo()).toBe(false)
  })

  it('has nothing to undo after receiving only remote edits', () => {
    const { a, b } = connectedPair()
    const [first] = b.getSnapshot().nodes
    b.apply({ type: 'moveNodes', positions: { [first!.id]: { x: 999, y: 999 } } })
    expect(a.getSnapshot().nodes[0]!.position).toEqual({ x: 999, y: 999 })
    expect(a.getHistory().canUndo).toBe(false)
  })

  it('redoes an undone edit without disturbing edits made meanwhile by the other person', () => {
    const { a, b } = connectedPair()
    const [first] = a.getSnapshot().nodes
    a.apply({ type: 'updateNodeData', id: first!.id, patch: { label: 'Mine' } })
    a.undo()
    b.apply({ type: 'updateMeta', patch: { name: 'Renamed by the other person' } })
    a.redo()
    for (const store of [a, b]) {
      expect(labelOf(store, first!.id)).toBe('Mine')
      expect(store.getSnapshot().name).toBe('Renamed by the other person')
    }
  })
})
