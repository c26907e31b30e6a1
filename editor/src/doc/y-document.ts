import {
  currentSchemaVersion,
  type Lane,
  type WorkflowDocument,
  type WorkflowEdge,
  type WorkflowNode,
} from '@conveyor/shared'
import * as Y from 'yjs'

/**
 * How a workflow document lives in a Y.Doc. One Y.Map per node and per edge (and a nested Y.Map
 * for a node's data) so concurrent edits of different nodes — or different fields of one node —
 * merge. Maps have no order, so each node and edge keeps an `order` number: the document's order
 * matters (triggers compile in document order) and must survive the round trip.
 */
export interface WorkflowYDoc {
  ydoc: Y.Doc
  meta: Y.Map<unknown>
  nodes: Y.Map<Y.Map<unknown>>
  edges: Y.Map<Y.Map<unknown>>
  lanes: Y.Array<Y.Map<unknown>>
}

export function workflowYDoc(ydoc: Y.Doc): WorkflowYDoc {
  return {
    ydoc,
    meta: ydoc.getMap('meta'),
    nodes: ydoc.getMap('nodes'),
    edges: ydoc.getMap('edges'),
    lanes: ydoc.getArray('lanes'),
  }
}

const metaKeys = ['id', 'name', 'description', 'owner', 'valueStream', 'targets'] as const

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

export function laneToY(lane: Lane): Y.Map<unknown> {
  return mapOf(withoutUndefined(lane))
}

/** Replaces everything in the Y.Doc with the document, in one transaction. */
export function writeDocument(y: WorkflowYDoc, document: WorkflowDocument, origin: unknown = null): void {
  y.ydoc.transact(() => {
    for (const key of [...y.meta.keys()]) y.meta.delete(key)
    y.meta.set('schemaVersion', document.schemaVersion)
    for (const key of metaKeys) {
      const value = document[key]
      if (value !== undefined) y.meta.set(key, withoutUndefined({ value }).value)
    }
    y.nodes.clear()
    document.nodes.forEach((node, index) => y.nodes.set(node.id, nodeToY(node, index)))
    y.edges.clear()
    document.edges.forEach((edge, index) => y.edges.set(edge.id, edgeToY(edge, index)))
    y.lanes.delete(0, y.lanes.length)
    y.lanes.push(document.lanes.map(laneToY))
  }, origin)
}

export function readNode(id: string, map: Y.Map<unknown>): WorkflowNode {
  const data = map.get('data')
  const node: Record<string, unknown> = {
    id,
    type: map.get('type'),
    position: map.get('position') ?? { x: 0, y: 0 },
    data: data instanceof Y.Map ? data.toJSON() : {},
  }
  for (const key of ['width', 'height'] as const) {
    if (map.has(key)) node[key] = map.get(key)
  }
  return node as WorkflowNode
}

export function readEdge(id: string, map: Y.Map<unknown>): WorkflowEdge {
  const { order: _order, ...rest } = map.toJSON() as Record<string, unknown>
  return { id, ...rest } as WorkflowEdge
}

export function byOrder(entries: Iterable<[string, Y.Map<unknown>]>): Array<[string, Y.Map<unknown>]> {
  return [...entries].sort(([, a], [, b]) => Number(a.get('order') ?? 0) - Number(b.get('order') ?? 0))
}

export function nextOrder(map: Y.Map<Y.Map<unknown>>): number {
  let max = -1
  for (const entry of map.values()) max = Math.max(max, Number(entry.get('order') ?? 0))
  return max + 1
}

/** Everything but the nodes and edges. */
export function readHeader(y: WorkflowYDoc): Omit<WorkflowDocument, 'nodes' | 'edges'> {
  const document: Record<string, unknown> = {
    schemaVersion: y.meta.get('schemaVersion') ?? currentSchemaVersion,
  }
  for (const key of metaKeys) {
    if (y.meta.has(key)) document[key] = y.meta.get(key)
  }
  document.targets ??= []
  document.lanes = y.lanes.toArray().map((lane) => lane.toJSON())
  return document as Omit<WorkflowDocument, 'nodes' | 'edges'>
}

/** The document the Y.Doc holds. Drafts may be invalid; the validator, not this reader, judges them. */
export function readDocument(y: WorkflowYDoc): WorkflowDocument {
  return {
    ...readHeader(y),
    nodes: byOrder(y.nodes.entries()).map(([id, map]) => readNode(id, map)),
    edges: byOrder(y.edges.entries()).map(([id, map]) => readEdge(id, map)),
  }
}
