import { examples } from '@conveyor/examples'
import type { WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { autoLayout } from './auto-layout'
import { laneHeight, nodeSize } from './geometry'
import { dropChanges, laneLayout, lanePadding, setLaneChanges } from './lane-bands'
import { exampleDocument } from './test-documents'
import { WorkflowStore } from './workflow-store'

const step = (id: string, x: number, y: number, lane?: string): WorkflowNode => ({
  id,
  type: 'step',
  position: { x, y },
  data: { label: id, mode: 'human', human: { form: { fields: [] } }, ...(lane ? { lane } : {}) },
})

/** Two lanes, "support" then "finance", and nodes placed by each test. */
const withNodes = (...nodes: WorkflowNode[]): WorkflowDocument => ({
  ...exampleDocument('ticket-to-resolution'),
  lanes: [
    { id: 'support', name: 'Support lead', kind: 'role' },
    { id: 'finance', name: 'Finance', kind: 'team' },
  ],
  nodes,
  edges: [],
})

/** Every node, where it is drawn, lies wholly inside its lane's band, or outside every band. */
function expectLanesAndBandsAgree(document: WorkflowDocument) {
  const { bands, moved } = laneLayout(document)
  for (const node of document.nodes) {
    const { y } = moved.get(node.id) ?? node.position
    const bottom = y + nodeSize(node.type).height
    const inside = bands.filter((band) => y >= band.top && bottom <= band.bottom).map((band) => band.laneId)
    const touching = bands.filter((band) => y < band.bottom && bottom > band.top)
    if (node.data.lane) expect(inside, `${node.id} in its band`).toEqual([node.data.lane])
    else expect(touching, `${node.id} outside the bands`).toEqual([])
  }
  bands.forEach((band, index) => {
    expect(band.bottom - band.top).toBeGreaterThanOrEqual(laneHeight)
    expect(band.top).toBe(index === 0 ? 0 : bands[index - 1]!.bottom)
  })
}

function storeWith(document: WorkflowDocument) {
  const store = new WorkflowStore()
  store.load(document)
  return store
}

const nodeOf = (document: WorkflowDocument, id: string) => document.nodes.find((node) => node.id === id)!

describe('lane bands', () => {
  it.each(examples.map((example) => example.slug))('draw %s as stored: its lanes and bands agree', (slug) => {
    const document = exampleDocument(slug)
    expect(laneLayout(document).moved.size).toBe(0)
    expectLanesAndBandsAgree(document)
  })

  it('draw a node with no lane that is stored inside a band below the bands, and nodes below it with it', () => {
    const document = withNodes(
      step('in-band', 300, 40),
      step('further', 300, 500),
      step('lead', 40, 40, 'support'),
    )
    const { bands, moved } = laneLayout(document)
    expect(moved.get('lead')).toBeUndefined()
    expect(moved.get('in-band')).toEqual({ x: 300, y: bands[1]!.bottom + lanePadding })
    // Moved together, so they keep their arrangement and do not land on each other.
    expect(moved.get('further')!.y - moved.get('in-band')!.y).toBe(460)
    expectLanesAndBandsAgree(document)
  })

  it('grow a band to hold a node of its lane stored below it, and push the bands below down', () => {
    const document = withNodes(step('low', 40, 600, 'support'), step('payer', 40, 240, 'finance'))
    const { bands, moved } = laneLayout(document)
    expect(bands[0]).toEqual({ laneId: 'support', top: 0, bottom: 600 + 80 + lanePadding })
    expect(moved.get('low')).toBeUndefined()
    expect(moved.get('payer')).toEqual({ x: 40, y: bands[1]!.top + lanePadding })
    expectLanesAndBandsAgree(document)
  })

  it('draw nodes with no lane above the bands where they are stored above them', () => {
    const document = withNodes(step('above', 40, -200), step('lead', 40, 40, 'support'))
    expect(laneLayout(document).moved.size).toBe(0)
    expectLanesAndBandsAgree(document)
  })
})

describe('dropping nodes', () => {
  it('into a band gives them its lane, snapped wholly inside it', () => {
    const document = withNodes(step('a', 40, 40, 'support'), step('b', 300, 40))
    const store = storeWith(document)
    store.apply(...dropChanges(store.getSnapshot(), { b: { x: 320, y: 190 } }))
    const after = store.getSnapshot()
    expect(nodeOf(after, 'b').data.lane).toBe('finance')
    expect(nodeOf(after, 'b').position).toEqual({ x: 320, y: 200 + lanePadding })
    expect(laneLayout(after).moved.size).toBe(0)
    expectLanesAndBandsAgree(after)
  })

  it('outside every band takes their lane away and puts them clear of the bands', () => {
    const document = withNodes(step('a', 40, 40, 'support'), step('b', 300, 40, 'support'))
    const store = storeWith(document)
    store.apply(...dropChanges(store.getSnapshot(), { b: { x: 300, y: 390 } }))
    const after = store.getSnapshot()
    expect(nodeOf(after, 'b').data.lane).toBeUndefined()
    expect(nodeOf(after, 'b').position.y).toBe(400 + lanePadding)
    expectLanesAndBandsAgree(after)
  })

  it('at the bottom of a band grows it, and the nodes of the bands below move down with theirs', () => {
    const document = withNodes(step('a', 40, 40, 'support'), step('b', 300, 240, 'finance'))
    const store = storeWith(document)
    store.apply(...dropChanges(store.getSnapshot(), { a: { x: 40, y: 150 } }))
    const after = store.getSnapshot()
    expect(nodeOf(after, 'a').data.lane).toBe('support')
    expect(nodeOf(after, 'b').position.y).toBe(150 + 80 + lanePadding + lanePadding)
    expect(laneLayout(after).moved.size).toBe(0)
    expectLanesAndBandsAgree(after)
  })

  it('with no lanes only moves them', () => {
    const document = { ...withNodes(step('a', 40, 40)), lanes: [] }
    expect(dropChanges(document, { a: { x: 5, y: 6 } })).toEqual([
      { type: 'moveNodes', positions: { a: { x: 5, y: 6 } } },
    ])
  })
})

describe('choosing a lane', () => {
  it('moves the node into that band, beside the nodes already there', () => {
    const document = withNodes(step('payer', 300, 260, 'finance'), step('b', 300, 500))
    const store = storeWith(document)
    store.apply(...setLaneChanges(store.getSnapshot(), 'b', 'finance'))
    const after = store.getSnapshot()
    expect(nodeOf(after, 'b').data.lane).toBe('finance')
    expect(nodeOf(after, 'b').position.x).toBeGreaterThanOrEqual(300 + 200)
    expectLanesAndBandsAgree(after)
    expect(laneLayout(after).moved.size).toBe(0)
  })

  it('keeps a node where it is when it already lies inside the band', () => {
    const document = withNodes(step('b', 300, 250))
    const [move] = setLaneChanges(document, 'b', 'finance')
    expect(move).toEqual({ type: 'moveNodes', positions: { b: { x: 300, y: 250 } } })
  })

  it('"No lane" moves the node out of the bands', () => {
    const document = withNodes(step('a', 40, 40, 'support'), step('b', 300, 40, 'support'))
    const store = storeWith(document)
    store.apply(...setLaneChanges(store.getSnapshot(), 'b', undefined))
    const after = store.getSnapshot()
    expect(nodeOf(after, 'b').data.lane).toBeUndefined()
    expectLanesAndBandsAgree(after)
  })
})

describe('auto-layout and lanes', () => {
  it('puts the nodes with no lane clear of the bands', async () => {
    const document = exampleDocument('order-to-cash')
    const unlaned = new Set(['normalise-order', 'reserve-stock', 'create-invoice'])
    const mixed: WorkflowDocument = {
      ...document,
      nodes: document.nodes.map((node) =>
        unlaned.has(node.id) ? ({ ...node, data: { ...node.data, lane: undefined } } as WorkflowNode) : node,
      ),
    }
    expect(mixed.nodes.filter((node) => node.data.lane === undefined)).toHaveLength(unlaned.size)
    const positions = await autoLayout(mixed)
    const laidOut = {
      ...mixed,
      nodes: mixed.nodes.map((node) => ({ ...node, position: positions[node.id]! })),
    }
    expect(laneLayout(laidOut).moved.size).toBe(0)
    expectLanesAndBandsAgree(laidOut)
  })
})
