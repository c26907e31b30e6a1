import type { WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import type { EdgeChange, FinalConnectionState, NodeChange } from '@xyflow/react'
import type { DocumentChange, XY } from './changes'
import { connectionChanges, exceptionHandle, freeExits, type Connection } from './connection-rules'
import { dropChanges } from './lane-bands'
import { nodeAt } from './node-placement'

/**
 * What React Flow reports (node and edge changes, connections, drops) as document changes: pure,
 * so every gesture is tested without a browser. The canvas only calls these and applies the result.
 */

/** A node or edge that became selected or not, as React Flow says. */
export interface SelectToggle {
  id: string
  selected: boolean
}

/** Where nodes being dragged are drawn: positions not yet in the document. */
export type Dragging = ReadonlyMap<string, XY>

export interface NodeChangesOutcome {
  selects: SelectToggle[]
  /** The nodes still being dragged: the same map when the changes moved nothing. */
  dragging: Dragging
  /** When a drag ended: its final positions (whole pixels) and the lanes they fall in, one undo step. */
  changes: DocumentChange[]
}

/**
 * A drag moves nodes in `dragging` only, so the document (and everyone else's view) changes once,
 * when it is let go; the dimension and other changes React Flow reports are its own business.
 */
export function fromNodeChanges(
  document: WorkflowDocument,
  changes: ReadonlyArray<NodeChange>,
  dragging: Dragging,
): NodeChangesOutcome {
  const moving = new Map<string, XY>()
  const dropped = new Map<string, XY>()
  const selects: SelectToggle[] = []
  let ended = false
  for (const change of changes) {
    if (change.type === 'select') selects.push({ id: change.id, selected: change.selected })
    if (change.type !== 'position') continue
    if (change.dragging === false) ended = true
    if (change.position) (change.dragging ? moving : dropped).set(change.id, change.position)
  }
  const current = moving.size > 0 ? new Map([...dragging, ...moving]) : dragging
  if (!ended) return { selects, dragging: current, changes: [] }
  const positions = Object.fromEntries(
    [...current, ...dropped].map(([id, { x, y }]) => [id, { x: Math.round(x), y: Math.round(y) }]),
  )
  return { selects, dragging: new Map(), changes: dropChanges(document, positions) }
}

/** The edges people selected or unselected; an exception's line to its step is not an edge. */
export function edgeSelects(changes: ReadonlyArray<EdgeChange>): SelectToggle[] {
  return changes.flatMap((change) =>
    change.type === 'select' && !change.id.startsWith('attach:')
      ? [{ id: change.id, selected: change.selected }]
      : [],
  )
}

/** Deletes what is selected: nodes (with their edges and exceptions) and edges. */
export function deleteSelectionChanges(selection: {
  nodes: ReadonlySet<string>
  edges: ReadonlySet<string>
}): DocumentChange[] {
  if (selection.nodes.size === 0 && selection.edges.size === 0) return []
  return [{ type: 'deleteElements', nodeIds: [...selection.nodes], edgeIds: [...selection.edges] }]
}

/** The document as the connection rules see it while an edge's end is dragged: without that edge. */
export function withoutEdge(document: WorkflowDocument, edgeId: string | null): WorkflowDocument {
  if (edgeId === null) return document
  return { ...document, edges: document.edges.filter((edge) => edge.id !== edgeId) }
}

/** Moves an edge's end: the old edge goes and the new connection comes, or nothing if it is refused. */
export function reconnectChanges(
  document: WorkflowDocument,
  edgeId: string,
  connection: Connection,
): DocumentChange[] {
  const changes = connectionChanges(withoutEdge(document, edgeId), connection)
  if (changes.length === 0) return []
  return [{ type: 'deleteElements', nodeIds: [], edgeIds: [edgeId] }, ...changes]
}

/**
 * The connection meant by a line let go of on a node's box: from the handle it was drawn from
 * to that node, or, drawn backwards from an input, from that node's first free exit.
 */
export function dropConnection(
  document: WorkflowDocument,
  state: Pick<FinalConnectionState, 'fromNode' | 'fromHandle'>,
  onto: WorkflowNode,
): Connection {
  const from = state.fromNode?.id ?? ''
  if (state.fromHandle?.type === 'target') {
    return { source: onto.id, sourceHandle: freeExits(document, onto)[0] ?? null, target: from }
  }
  return { source: from, sourceHandle: state.fromHandle?.id ?? null, target: onto.id }
}

/** What a line let go of where React Flow found no handle asks for. */
export type ConnectEnd =
  | { type: 'connect'; connection: Connection }
  | { type: 'addException'; stepId: string; at: XY }
  | { type: 'nothing' }

/**
 * A line let go of anywhere on a node's box (not only on its handle) connects to that node. A
 * step's exception handle let go of on empty canvas adds an exception attached to that step.
 */
export function connectEnd(
  document: WorkflowDocument,
  state: Pick<FinalConnectionState, 'isValid' | 'fromNode' | 'fromHandle' | 'toNode'>,
  at: XY,
): ConnectEnd {
  if (state.isValid || !state.fromNode) return { type: 'nothing' }
  const under = nodeAt(document, at)
  if (under) {
    if (under.id === state.fromNode.id) return { type: 'nothing' }
    return { type: 'connect', connection: dropConnection(document, state, under) }
  }
  if (state.toNode || state.fromHandle?.id !== exceptionHandle) return { type: 'nothing' }
  return { type: 'addException', stepId: state.fromNode.id, at }
}
