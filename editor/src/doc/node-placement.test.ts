import type { NodeKind, WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { nodeSize } from './geometry'
import { createNode } from './new-node'
import { boxesOverlap, boxOf, firstFreeSpot, freeSpotNear, placeBeside, placementGap } from './node-placement'
import { exampleDocument } from './test-documents'

/** A document holding only the given nodes. */
function documentWith(...nodes: Array<[NodeKind, number, number]>): WorkflowDocument {
  const document: WorkflowDocument = { ...exampleDocument('order-to-cash'), nodes: [], edges: [], lanes: [] }
  for (const [kind, x, y] of nodes) {
    const made = createNode(document, kind, { x, y }, kind === 'exception' ? { attachTo: 'x' } : {})
    if (!made.ok) throw new Error(made.reason)
    document.nodes.push(made.node)
  }
  return document
}

const clearOfAll = (document: WorkflowDocument, kind: NodeKind, at: { x: number; y: number }) =>
  document.nodes.every((node) => !boxesOverlap(boxOf(node), { ...at, ...nodeSize(kind) }))

const view = { x: 0, y: 0, width: 1200, height: 800 }

describe('placing a node beside another', () => {
  it('puts it right of the node, level with its exit', () => {
    const document = documentWith(['trigger', 100, 100])
    const from = document.nodes[0]!
    const at = placeBeside(document, 'step', from)
    expect(at.x).toBe(100 + nodeSize('trigger').width + placementGap.along)
    expect(at.y + nodeSize('step').height / 2).toBe(100 + nodeSize('trigger').height / 2)
  })

  it('moves across the flow when the spot beside is taken, never onto a node', () => {
    const document = documentWith(['step', 0, 0])
    const from = document.nodes[0]!
    const first = placeBeside(document, 'step', from)
    const blocked = documentWith(['step', 0, 0], ['step', first.x, first.y])
    const second = placeBeside(blocked, 'step', blocked.nodes[0]!)
    expect(second.x).toBe(first.x)
    expect(second.y).toBeGreaterThan(first.y)
    expect(clearOfAll(blocked, 'step', second)).toBe(true)
  })

  it('keeps ten nodes added beside one node apart from each other', () => {
    const document = documentWith(['fork', 0, 300])
    const fork = document.nodes[0]!
    for (let index = 0; index < 10; index++) {
      const at = placeBeside(document, 'step', fork)
      expect(clearOfAll(document, 'step', at), `node ${index + 1}`).toBe(true)
      const made = createNode(document, 'step', at)
      if (made.ok) document.nodes.push(made.node)
    }
    expect(new Set(document.nodes.map((node) => node.position.x)).size).toBe(2)
  })

  it('puts a decision branch’s next step level with that branch, the upper one going up when taken', () => {
    const document = documentWith(['decision', 0, 0])
    const decision = document.nodes[0] as Extract<WorkflowNode, { type: 'decision' }>
    const yes = placeBeside(document, 'step', decision, 'yes')
    const no = placeBeside(document, 'step', decision, 'no')
    expect(yes.y).toBeLessThan(no.y)
    const taken = documentWith(['decision', 0, 0], ['step', yes.x, yes.y])
    expect(placeBeside(taken, 'step', taken.nodes[0]!, 'yes').y).toBeLessThan(yes.y)
  })

  it('hangs an exception below its step', () => {
    const document = documentWith(['step', 0, 0])
    const at = placeBeside(document, 'exception', document.nodes[0]!, 'exception')
    expect(at.y).toBeGreaterThanOrEqual(nodeSize('step').height)
    expect(clearOfAll(document, 'exception', at)).toBe(true)
  })
})

describe('the first free spot of the view', () => {
  it('is the view’s top-left corner on an empty diagram', () => {
    const at = firstFreeSpot(documentWith(), 'step', view)
    expect(at.x).toBeGreaterThanOrEqual(view.x)
    expect(at.x).toBeLessThan(view.x + 50)
    expect(at.y).toBeLessThan(view.y + 50)
  })

  it('skips what is drawn, and stays inside the view', () => {
    const document = documentWith(['step', 0, 0], ['step', 260, 0], ['step', 520, 0])
    const at = firstFreeSpot(document, 'step', view)
    expect(clearOfAll(document, 'step', at)).toBe(true)
    expect(at.x + nodeSize('step').width).toBeLessThanOrEqual(view.width)
    expect(at.y).toBeLessThan(200)
  })

  it('goes right of the diagram when the view is full', () => {
    const small = { x: 0, y: 0, width: 300, height: 200 }
    const document = documentWith(['step', 40, 40])
    const at = firstFreeSpot(document, 'step', small)
    expect(clearOfAll(document, 'step', at)).toBe(true)
    expect(at.x).toBeGreaterThanOrEqual(240)
  })

  it('never places a node over another, however many are added', () => {
    const document = documentWith()
    for (let index = 0; index < 40; index++) {
      const kind = (['step', 'decision', 'end', 'trigger'] as const)[index % 4]!
      const at = firstFreeSpot(document, kind, view)
      expect(clearOfAll(document, kind, at), `node ${index + 1}`).toBe(true)
      const made = createNode(document, kind, at)
      if (made.ok) document.nodes.push(made.node)
    }
  })
})

describe('a drop', () => {
  it('stays where it was dropped when that is free, and moves just clear of a node it would cover', () => {
    const document = documentWith(['step', 0, 0])
    expect(freeSpotNear(document, 'step', { x: 400, y: 400 })).toEqual({ x: 400, y: 400 })
    const moved = freeSpotNear(document, 'step', { x: 10, y: 10 })
    expect(clearOfAll(document, 'step', moved)).toBe(true)
    expect(Math.hypot(moved.x - 10, moved.y - 10)).toBeLessThan(200)
  })
})
