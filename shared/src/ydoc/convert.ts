import * as Y from 'yjs'
import {
  currentSchemaVersion,
  type Lane,
  type WorkflowDocument,
  type WorkflowEdge,
  type WorkflowNode,
} from '../model'
import {
  byOrder,
  edgeToY,
  laneToY,
  metaKeys,
  nodeToY,
  withoutUndefined,
  workflowYDoc,
  type WorkflowYDoc,
} from './layout'

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
    y.lanes.clear()
    document.lanes.forEach((lane, index) => y.lanes.set(lane.id, laneToY(lane, index)))
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

function withoutOrder(id: string, map: Y.Map<unknown>): Record<string, unknown> {
  const { order: _order, ...rest } = map.toJSON() as Record<string, unknown>
  return { id, ...rest }
}

export function readEdge(id: string, map: Y.Map<unknown>): WorkflowEdge {
  return withoutOrder(id, map) as WorkflowEdge
}

export function readLane(id: string, map: Y.Map<unknown>): Lane {
  return withoutOrder(id, map) as Lane
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
  document.lanes = byOrder(y.lanes.entries()).map(([id, map]) => readLane(id, map))
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

/** Whether nothing was ever written: no document id and no nodes (a fresh collaboration room). */
export function isEmptyWorkflowYDoc(y: WorkflowYDoc): boolean {
  return y.nodes.size === 0 && !y.meta.has('id')
}

/** The document held by a bare Y.Doc (as the collaboration endpoint has it). */
export function documentOfYDoc(ydoc: Y.Doc): WorkflowDocument {
  return readDocument(workflowYDoc(ydoc))
}
