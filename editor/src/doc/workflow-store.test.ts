import type { WorkflowNode } from '@conveyor/shared'
import { expressionText } from '@conveyor/shared/ydoc/expression-texts'
import { describe, expect, it } from 'vitest'
import { exampleDocument } from './test-documents'
import { WorkflowStore } from './workflow-store'

function storeWith(slug = 'order-to-cash') {
  const store = new WorkflowStore()
  store.load(exampleDocument(slug))
  return store
}

const newStep: WorkflowNode = {
  id: 'archive',
  type: 'step',
  position: { x: 10, y: 20 },
  data: { label: 'Archive the order', mode: 'human', human: { form: { fields: [] } } },
}

const node = (store: WorkflowStore, id: string) => store.getSnapshot().nodes.find((entry) => entry.id === id)

describe('undo and redo', () => {
  it('undoes and redoes each change, but not the load', () => {
    const store = storeWith()
    const loaded = store.getSnapshot()
    expect(store.getHistory().canUndo).toBe(false)
    store.apply({ type: 'addNode', node: newStep })
    store.apply({ type: 'updateNodeData', id: 'archive', patch: { label: 'Archive' } })
    store.undo()
    expect(node(store, 'archive')?.data.label).toBe('Archive the order')
    store.undo()
    expect(store.getSnapshot()).toEqual(loaded)
    expect(store.getHistory()).toEqual({ canUndo: false, canRedo: true })
    store.redo()
    store.redo()
    expect(node(store, 'archive')?.data.label).toBe('Archive')
  })

  it('undoes a batch of changes applied together as one step', () => {
    const store = storeWith()
    const loaded = store.getSnapshot()
    store.apply({ type: 'addNode', node: newStep }, { type: 'setLane', nodeIds: ['archive'], lane: 'erp' })
    store.undo()
    expect(store.getSnapshot()).toEqual(loaded)
  })

  it('leaves edits that came from elsewhere (another collaborator) alone', () => {
    const store = storeWith()
    store.apply({ type: 'addNode', node: newStep })
    store.y.ydoc.transact(() => store.y.meta.set('name', 'Renamed remotely'), 'remote')
    store.undo()
    expect(node(store, 'archive')).toBeUndefined()
    expect(store.getSnapshot().name).toBe('Renamed remotely')
  })
})

describe('snapshots', () => {
  it('keep the identity of nodes that did not change, so their components need not re-render', () => {
    const store = storeWith()
    const before = store.getSnapshot()
    const [moved, ...others] = before.nodes
    store.apply({ type: 'moveNodes', positions: { [moved!.id]: { x: 999, y: 999 } } })
    const after = store.getSnapshot()
    expect(after.nodes[0]).not.toBe(moved)
    after.nodes.slice(1).forEach((entry, index) => expect(entry).toBe(others[index]))
    expect(after.edges).toEqual(before.edges)
    after.edges.forEach((edge, index) => expect(edge).toBe(before.edges[index]))
  })

  it('stay the same object after a transaction that leaves the document as it was', () => {
    const store = storeWith()
    const before = store.getSnapshot()
    const step = before.nodes.find((entry) => entry.type === 'step')!
    // A name's shared text, made the first time its field is shown.
    expect(expressionText(store.y, { nodeId: step.id, path: ['label'] })?.toString()).toBe(step.data.label)
    store.y.ydoc.transact(() => store.y.meta.set('name', before.name), 'remote')
    expect(store.getSnapshot()).toBe(before)

    store.y.ydoc.transact(() => store.y.meta.set('name', 'Renamed remotely'), 'remote')
    expect(store.getSnapshot()).not.toBe(before)
    expect(store.getSnapshot().nodes).toEqual(before.nodes)
  })
})
