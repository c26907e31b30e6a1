import * as Y from 'yjs'
import type { Lane, WorkflowEdge, WorkflowNode } from '../model'

/**
 * How a workflow document lives in a Y.Doc, for every Yjs client (the editor and the runtime's
 * collaboration endpoint). Keyed maps throughout — one Y.Map per node, edge and lane, and a nested
 * Y.Map for a node's data — so concurrent edits of different elements, or of different fields of
 * one node, merge, and two people who fill the same empty document write the same keys instead of
 * adding duplicates. Maps have no order, so each node, edge and lane keeps an `order` number: the
 * document's order matters (triggers compile in document order, lanes are bands top to bottom).
 */
export interface WorkflowYDoc {
  ydoc: Y.Doc
  meta: Y.Map<unknown>
  nodes: Y.Map<Y.Map<unknown>>
  edges: Y.Map<Y.Map<unknown>>
  lanes: Y.Map<Y.Map<unknown>>
}

export function workflowYDoc(ydoc: Y.Doc): WorkflowYDoc {
  return {
    ydoc,
    meta: ydoc.getMap('meta'),
    nodes: ydoc.getMap('nodes'),
    edges: ydoc.getMap('edges'),
    lanes: ydoc.getMap('lanes'),
  }
}

/** The shared types an undo manager or an observer watches. */
export function sharedTypesOf(y: WorkflowYDoc): Array<Y.Map<unknown>> {
  return [y.meta, y.nodes, y.edges, y.lanes] as Array<Y.Map<unknown>>
}

export const metaKeys = [
  'id',
  'name',
  'description',
  'owner',
  'valueStream',
  'targets',
  'deploysNeedApproval',
  'circuitBreaker',
  'currency',
] as const

/** Plain JSON stored in Y values must not carry `undefined` (Yjs rejects it). */
export function withoutUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

export function mapOf(entries: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>()
  for (const [key, value] of Object.entries(entries)) {
    if (value !== undefined) map.set(key, value)
  }
  return map
}

export function nodeToY(node: WorkflowNode, order: number): Y.Map<unknown> {
  const clean = withoutUndefined(node)
  return mapOf({
    type: clean.type,
    position: clean.position,
    width: clean.width,
    height: clean.height,
    order,
    data: mapOf(clean.data as Record<string, unknown>),
  })
}

export function edgeToY(edge: WorkflowEdge, order: number): Y.Map<unknown> {
  const clean = withoutUndefined(edge)
  return mapOf({ ...clean, id: undefined, order })
}

export function laneToY(lane: Lane, order: number): Y.Map<unknown> {
  const clean = withoutUndefined(lane)
  return mapOf({ ...clean, id: undefined, order })
}

/** Entries sorted by their `order` (ties by id, so every replica reads the same order). */
export function byOrder(entries: Iterable<[string, Y.Map<unknown>]>): Array<[string, Y.Map<unknown>]> {
  return [...entries].sort(
    ([idA, a], [idB, b]) =>
      Number(a.get('order') ?? 0) - Number(b.get('order') ?? 0) || (idA < idB ? -1 : idA > idB ? 1 : 0),
  )
}

/** The `order` for an entry added last. */
export function nextOrder(map: Y.Map<Y.Map<unknown>>): number {
  let max = -1
  for (const entry of map.values()) max = Math.max(max, Number(entry.get('order') ?? 0))
  return max + 1
}
