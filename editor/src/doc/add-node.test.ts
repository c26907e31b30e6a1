import type { WorkflowDocument } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { planAddNode } from './add-node'
import { connectableTargets } from './connection-rules'
import { boxesOverlap, boxOf, drawnBoxes } from './node-placement'
import { exampleDocument } from './test-documents'
import { WorkflowStore } from './workflow-store'

const view = { x: 0, y: 0, width: 1200, height: 800 }

function blankStore(): WorkflowStore {
  const store = new WorkflowStore()
  store.load({ ...exampleDocument('order-to-cash'), nodes: [], edges: [], lanes: [] })
  return store
}

/** Adds a node as the editor does and returns its id. */
function add(store: WorkflowStore, request: Omit<Parameters<typeof planAddNode>[1], 'view'>): string {
  const plan = planAddNode(store.getSnapshot(), { view, ...request })
  if (!plan.ok) throw new Error(plan.reason)
  store.apply(...plan.changes)
  return plan.nodeId
}

const edgesFrom = (document: WorkflowDocument, id: string) =>
  document.edges.filter((edge) => edge.source === id)

describe('adding a node', () => {
  it('follows the selected node, connected from its free exit, in one undo step', () => {
    const store = blankStore()
    const trigger = add(store, { kind: 'trigger', selected: [] })
    const step = add(store, { kind: 'step', selected: [trigger] })
    const document = store.getSnapshot()
    expect(edgesFrom(document, trigger).map((edge) => edge.target)).toEqual([step])
    const [from, to] = [trigger, step].map((id) => document.nodes.find((node) => node.id === id)!)
    expect(to!.position.x).toBeGreaterThan(from!.position.x + boxOf(from!).width)
    store.undo()
    expect(store.getSnapshot().nodes.map((node) => node.id)).toEqual([trigger])
    expect(store.getSnapshot().edges).toEqual([])
  })

  it('places but does not connect when the selected node’s exit is taken', () => {
    const store = blankStore()
    const trigger = add(store, { kind: 'trigger', selected: [] })
    add(store, { kind: 'step', selected: [trigger] })
    const second = add(store, { kind: 'step', selected: [trigger] })
    const document = store.getSnapshot()
    expect(edgesFrom(document, trigger)).toHaveLength(1)
    expect(document.edges.some((edge) => edge.target === second)).toBe(false)
  })

  it('takes each free branch of a decision in turn, the edge named after the branch', () => {
    const store = blankStore()
    const decision = add(store, { kind: 'decision', selected: [] })
    add(store, { kind: 'step', selected: [decision] })
    add(store, { kind: 'end', selected: [decision] })
    const edges = edgesFrom(store.getSnapshot(), decision)
    expect(edges.map((edge) => [edge.sourceHandle, edge.data?.label])).toEqual([
      ['yes', 'Yes'],
      ['no', 'No'],
    ])
  })

  it('connects on the exit it was added after', () => {
    const store = blankStore()
    const decision = add(store, { kind: 'decision', selected: [] })
    const step = add(store, { kind: 'step', selected: [], after: { nodeId: decision, handle: 'no' } })
    expect(edgesFrom(store.getSnapshot(), decision)).toMatchObject([{ sourceHandle: 'no', target: step }])
  })

  it('attaches an exception to the selected step, below it', () => {
    const store = blankStore()
    const step = add(store, { kind: 'step', selected: [] })
    const exception = add(store, { kind: 'exception', selected: [step] })
    const node = store.getSnapshot().nodes.find((entry) => entry.id === exception)!
    expect(node.data).toMatchObject({ attachedTo: step })
    expect(node.position.y).toBeGreaterThan(80)
  })

  it('attaches an exception dragged out of a step’s exception handle to that step, where it was let go', () => {
    const store = blankStore()
    const step = add(store, { kind: 'step', selected: [] })
    const other = add(store, { kind: 'step', selected: [] })
    const exception = add(store, {
      kind: 'exception',
      selected: [other],
      droppedAt: { x: 500, y: 500 },
      after: { nodeId: step, handle: 'exception' },
    })
    const node = store.getSnapshot().nodes.find((entry) => entry.id === exception)!
    expect(node.data).toMatchObject({ attachedTo: step })
    expect(node.position).toEqual({ x: 415, y: 472 })
    expect(store.getSnapshot().edges).toEqual([])
  })

  it('goes to the first free spot of the view with nothing selected, and a trigger never follows', () => {
    const store = blankStore()
    const first = add(store, { kind: 'step', selected: [] })
    const trigger = add(store, { kind: 'trigger', selected: [first] })
    const document = store.getSnapshot()
    expect(document.edges).toEqual([])
    const [a, b] = [first, trigger].map((id) => boxOf(document.nodes.find((node) => node.id === id)!))
    expect(boxesOverlap(a!, b!)).toBe(false)
    expect(b!.x + b!.width).toBeLessThanOrEqual(view.width)
  })

  it('keeps a dropped node where it was dropped, clear of others', () => {
    const store = blankStore()
    const first = add(store, { kind: 'step', selected: [], droppedAt: { x: 300, y: 300 } })
    const second = add(store, { kind: 'step', selected: [first], droppedAt: { x: 310, y: 310 } })
    const document = store.getSnapshot()
    const [a, b] = [first, second].map((id) => boxOf(document.nodes.find((node) => node.id === id)!))
    expect(a).toMatchObject({ x: 200, y: 260 })
    expect(boxesOverlap(a!, b!)).toBe(false)
    expect(document.edges).toEqual([])
  })

  it('puts the next node in the lane of the one it follows, inside that lane’s band', () => {
    const store = new WorkflowStore()
    store.load({ ...exampleDocument('order-to-cash'), nodes: [], edges: [] })
    const [first, second] = store.getSnapshot().lanes
    const trigger = add(store, { kind: 'trigger', selected: [] })
    const step = add(store, { kind: 'step', selected: [trigger] })
    const lanes = store.getSnapshot().nodes.map((node) => node.data.lane)
    expect(lanes).toEqual([first!.id, first!.id])
    store.apply({ type: 'setLane', nodeIds: [step], lane: second!.id })
    const next = add(store, { kind: 'end', selected: [step] })
    const document = store.getSnapshot()
    expect(document.nodes.find((node) => node.id === next)?.data.lane).toBe(second!.id)
    const boxes = drawnBoxes(document)
    for (const [index, a] of boxes.entries())
      for (const b of boxes.slice(index + 1)) expect(boxesOverlap(a, b)).toBe(false)
  })

  it('says why an exception cannot be added with no step', () => {
    const plan = planAddNode(blankStore().getSnapshot(), { kind: 'exception', selected: [], view })
    expect(plan).toMatchObject({ ok: false, reason: expect.stringContaining('step') })
  })
})

describe('connecting by name', () => {
  it('offers only the nodes the selected node’s free exit may lead to, matching the name typed', () => {
    const store = blankStore()
    const trigger = add(store, { kind: 'trigger', selected: [] })
    const check = add(store, { kind: 'step', selected: [] })
    const other = add(store, { kind: 'trigger', selected: [] })
    store.apply({ type: 'updateNodeData', id: check, patch: { label: 'Check order' } })
    const document = store.getSnapshot()
    // Not itself, not a trigger: only the step.
    expect(connectableTargets(document, trigger, '').map((node) => node.id)).toEqual([check])
    expect(connectableTargets(document, trigger, 'check ORD').map((node) => node.id)).toEqual([check])
    expect(connectableTargets(document, trigger, 'refund')).toEqual([])
    expect(connectableTargets(document, other, '').map((node) => node.id)).toEqual([check])
  })

  it('offers nothing from a node whose exits all lead somewhere', () => {
    const store = blankStore()
    const trigger = add(store, { kind: 'trigger', selected: [] })
    add(store, { kind: 'step', selected: [trigger] })
    add(store, { kind: 'end', selected: [] })
    expect(connectableTargets(store.getSnapshot(), trigger, '')).toEqual([])
  })
})
