import type { WorkflowNode } from '@conveyor/shared'
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

describe('applying changes to the diagram', () => {
  it('adds a node at the end of the document', () => {
    const store = storeWith()
    store.apply({ type: 'addNode', node: newStep })
    expect(store.getSnapshot().nodes.at(-1)).toEqual(newStep)
  })

  it('moves several nodes in one change', () => {
    const store = storeWith()
    const [a, b] = store.getSnapshot().nodes
    store.apply({ type: 'moveNodes', positions: { [a!.id]: { x: 1, y: 2 }, [b!.id]: { x: 3, y: 4 } } })
    expect(node(store, a!.id)?.position).toEqual({ x: 1, y: 2 })
    expect(node(store, b!.id)?.position).toEqual({ x: 3, y: 4 })
  })

  it('sets and removes data fields, leaving the others alone', () => {
    const store = storeWith()
    store.apply({ type: 'addNode', node: newStep })
    store.apply({
      type: 'updateNodeData',
      id: 'archive',
      patch: { description: 'Keep for ten years', mode: 'automate' },
    })
    expect(node(store, 'archive')?.data).toMatchObject({
      label: 'Archive the order',
      description: 'Keep for ten years',
      mode: 'automate',
    })
    store.apply({ type: 'updateNodeData', id: 'archive', patch: { description: undefined } })
    expect(node(store, 'archive')?.data).not.toHaveProperty('description')
  })

  it('deletes a node with the edges touching it and the exceptions attached to it', () => {
    const document = exampleDocument('order-to-cash')
    const exception = document.nodes.find((entry) => entry.type === 'exception')
    expect(exception, 'the example has an exception').toBeDefined()
    const stepId = exception!.type === 'exception' ? exception!.data.attachedTo : ''
    const store = storeWith()
    store.apply({ type: 'deleteElements', nodeIds: [stepId], edgeIds: [] })
    const after = store.getSnapshot()
    expect(after.nodes.map((entry) => entry.id)).not.toContain(stepId)
    expect(after.nodes.map((entry) => entry.id)).not.toContain(exception!.id)
    for (const edge of after.edges) {
      expect([edge.source, edge.target]).not.toContain(stepId)
      expect([edge.source, edge.target]).not.toContain(exception!.id)
    }
  })

  it('connects nodes and labels an edge', () => {
    const store = storeWith()
    store.apply({ type: 'addNode', node: newStep })
    const first = store.getSnapshot().nodes[0]!
    store.apply({ type: 'connect', edge: { id: 'e-new', source: first.id, target: 'archive' } })
    store.apply({ type: 'updateEdge', id: 'e-new', label: 'then' })
    expect(store.getSnapshot().edges.at(-1)).toEqual({
      id: 'e-new',
      source: first.id,
      target: 'archive',
      data: { label: 'then' },
    })
  })

  it('adds, renames and removes lanes; removing one frees its nodes', () => {
    const store = storeWith()
    store.apply({ type: 'addNode', node: newStep })
    store.apply({ type: 'addLane', lane: { id: 'archive-team', name: 'Archive', kind: 'team' } })
    store.apply({ type: 'setLane', nodeIds: ['archive'], lane: 'archive-team' })
    store.apply({ type: 'updateLane', id: 'archive-team', patch: { name: 'Records office' } })
    expect(store.getSnapshot().lanes.at(-1)).toEqual({
      id: 'archive-team',
      name: 'Records office',
      kind: 'team',
    })
    expect(node(store, 'archive')?.data.lane).toBe('archive-team')
    store.apply({ type: 'removeLane', id: 'archive-team' })
    expect(store.getSnapshot().lanes.map((lane) => lane.id)).not.toContain('archive-team')
    expect(node(store, 'archive')?.data).not.toHaveProperty('lane')
  })

  it('renames the workflow', () => {
    const store = storeWith()
    store.apply({ type: 'updateMeta', patch: { name: 'Order to cash, 2027' } })
    expect(store.getSnapshot().name).toBe('Order to cash, 2027')
  })
})

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
})
