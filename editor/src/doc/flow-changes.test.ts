import type { WorkflowDocument } from '@conveyor/shared'
import type { NodeChange } from '@xyflow/react'
import { describe, expect, it } from 'vitest'
import {
  connectEnd,
  deleteSelectionChanges,
  edgeSelects,
  fromNodeChanges,
  reconnectChanges,
  type Dragging,
} from './flow-changes'
import { nodeSize } from './geometry'
import { laneLayout } from './lane-bands'
import { drawnBoxes } from './node-placement'
import { exampleDocument } from './test-documents'
import { WorkflowStore } from './workflow-store'

function openExample() {
  const store = new WorkflowStore()
  store.load(exampleDocument('order-to-cash'))
  return store
}

const move = (id: string, x: number, y: number, dragging: boolean): NodeChange => ({
  type: 'position',
  id,
  position: { x, y },
  dragging,
})

/** A point in the middle of a node as it is drawn. */
function middleOf(document: WorkflowDocument, id: string) {
  const box = drawnBoxes(document)[document.nodes.findIndex((node) => node.id === id)]!
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

describe('dragging nodes', () => {
  it('moves nodes on screen only while dragged, and commits one undoable change when let go', () => {
    const store = openExample()
    const loaded = store.getSnapshot()
    const billing = laneLayout(loaded).bands.find((band) => band.laneId === 'billing')!
    const y = (billing.top + billing.bottom) / 2 - nodeSize('step').height / 2

    let dragging: Dragging = new Map()
    for (const x of [1000, 1500, 2000.4]) {
      const frame = fromNodeChanges(loaded, [move('notify-declined', x, y, true)], dragging)
      expect(frame.changes).toEqual([])
      expect(frame.dragging.get('notify-declined')).toEqual({ x, y })
      dragging = frame.dragging
    }
    // Measuring and other changes that move nothing keep the map, so nothing re-renders for them.
    const measured = fromNodeChanges(
      loaded,
      [{ type: 'dimensions', id: 'notify-declined', dimensions: { width: 1, height: 1 } }],
      dragging,
    )
    expect(measured.dragging).toBe(dragging)

    const end = fromNodeChanges(
      loaded,
      [{ type: 'position', id: 'notify-declined', dragging: false }],
      dragging,
    )
    expect(end.dragging.size).toBe(0)
    store.apply(...end.changes)
    const dropped = store.getSnapshot().nodes.find((node) => node.id === 'notify-declined')!
    expect(dropped.position.x).toBe(2000)
    expect(dropped.data.lane).toBe('billing')

    store.undo()
    expect(store.getSnapshot()).toEqual(loaded)
    expect(store.getHistory().canUndo).toBe(false)
  })

  it('commits a node dropped without a dragging frame before (a keyboard move)', () => {
    const store = openExample()
    const [first] = store.getSnapshot().nodes
    const { changes, dragging } = fromNodeChanges(
      store.getSnapshot(),
      [move(first!.id, first!.position.x + 20.6, first!.position.y, false)],
      new Map(),
    )
    expect(dragging.size).toBe(0)
    store.apply(...changes)
    expect(store.getSnapshot().nodes[0]!.position.x).toBe(first!.position.x + 21)
  })

  it('passes selection on and leaves the document alone', () => {
    const outcome = fromNodeChanges(
      exampleDocument('order-to-cash'),
      [{ type: 'select', id: 'review-credit', selected: true }],
      new Map(),
    )
    expect(outcome).toMatchObject({ selects: [{ id: 'review-credit', selected: true }], changes: [] })
  })
})

describe('edges', () => {
  it('selects drawn edges, never the line from a step to its exception', () => {
    expect(
      edgeSelects([
        { type: 'select', id: 'e-review-reserve', selected: true },
        { type: 'select', id: 'attach:credit-declined', selected: true },
        { type: 'remove', id: 'e-paid-end' },
      ]),
    ).toEqual([{ id: 'e-review-reserve', selected: true }])
  })

  it('moves an edge’s end in one undo step, judged without the edge being moved', () => {
    const store = openExample()
    const loaded = store.getSnapshot()
    // A step has one exit: the rules allow the move only because its edge leaves it.
    const changes = reconnectChanges(loaded, 'e-review-reserve', {
      source: 'review-credit',
      target: 'create-invoice',
    })
    store.apply(...changes)
    const edges = store.getSnapshot().edges
    expect(edges.map((edge) => edge.id)).not.toContain('e-review-reserve')
    expect(edges.filter((edge) => edge.source === 'review-credit').map((edge) => edge.target)).toEqual([
      'create-invoice',
    ])
    store.undo()
    expect(store.getSnapshot()).toEqual(loaded)
  })

  it('keeps the edge when its end is moved somewhere the rules refuse', () => {
    const refused = reconnectChanges(exampleDocument('order-to-cash'), 'e-review-reserve', {
      source: 'review-credit',
      target: 'order-received',
    })
    expect(refused).toEqual([])
  })
})

describe('deleting the selection', () => {
  it('deletes selected nodes and edges in one change, and nothing when nothing is selected', () => {
    expect(deleteSelectionChanges({ nodes: new Set(['a']), edges: new Set(['e']) })).toEqual([
      { type: 'deleteElements', nodeIds: ['a'], edgeIds: ['e'] },
    ])
    expect(deleteSelectionChanges({ nodes: new Set(), edges: new Set() })).toEqual([])
  })
})

type LineEnd = Parameters<typeof connectEnd>[1]

/** A line drawn from a node's handle and let go where React Flow found no handle (only ids are read). */
const lineFrom = (nodeId: string, handle: string | null, type: 'source' | 'target', isValid = false) =>
  ({
    isValid,
    toNode: null,
    fromNode: { id: nodeId },
    fromHandle: { id: handle, type },
  }) as unknown as LineEnd

describe('a line let go of away from a handle', () => {
  const document = exampleDocument('order-to-cash')
  const nowhere = { x: -5000, y: -5000 }

  it('connects to the node whose box it was let go on', () => {
    expect(
      connectEnd(document, lineFrom('dunning-call', null, 'source'), middleOf(document, 'order-declined')),
    ).toEqual({
      type: 'connect',
      connection: { source: 'dunning-call', sourceHandle: null, target: 'order-declined' },
    })
  })

  it('drawn backwards from an input, connects from that node’s first free exit', () => {
    const unpaidFree = { ...document, edges: document.edges.filter((edge) => edge.id !== 'e-unpaid-dunning') }
    const end = connectEnd(
      unpaidFree,
      lineFrom('dunning-call', null, 'target'),
      middleOf(document, 'payment-received'),
    )
    expect(end).toEqual({
      type: 'connect',
      connection: { source: 'payment-received', sourceHandle: 'unpaid', target: 'dunning-call' },
    })
  })

  it('from a step’s exception handle on empty canvas, adds an exception there', () => {
    expect(connectEnd(document, lineFrom('create-invoice', 'exception', 'source'), nowhere)).toEqual({
      type: 'addException',
      stepId: 'create-invoice',
      at: nowhere,
    })
  })

  it('does nothing on its own node, on empty canvas from an exit, or once React Flow connected it', () => {
    const line = lineFrom('dunning-call', null, 'source')
    expect(connectEnd(document, line, middleOf(document, 'dunning-call'))).toEqual({ type: 'nothing' })
    expect(connectEnd(document, line, nowhere)).toEqual({ type: 'nothing' })
    const connected = lineFrom('dunning-call', null, 'source', true)
    expect(connectEnd(document, connected, middleOf(document, 'order-declined'))).toEqual({ type: 'nothing' })
  })
})
