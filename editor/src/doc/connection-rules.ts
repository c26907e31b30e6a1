import {
  branchesOf,
  exitHandlesOf,
  kindSpec,
  type WorkflowDocument,
  type WorkflowEdge,
  type WorkflowNode,
} from '@conveyor/shared'
import type { DocumentChange } from './changes'
import { freshId, idsOf } from './node-ids'

/** The source handle of a step that exceptions attach through. */
export const exceptionHandle = 'exception'

export interface Connection {
  source: string
  target: string
  sourceHandle?: string | null
  targetHandle?: string | null
}

export type ConnectionCheck = { ok: true } | { ok: false; reason: string }

const exitKey = (source: string, handle: string | null | undefined) => `${source}\u0000${handle ?? ''}`

/** The branch a connection leaves a node through, when the node has branches (a decision). */
function branchOf(node: WorkflowNode, handle: string | null | undefined) {
  return branchesOf(node).find((branch) => branch.id === handle)
}

/**
 * What may connect to what: the same rules for the canvas and for anything that builds edges,
 * read from each kind's entries and exits. The document's nodes and exits are indexed once, so
 * judging every node as a target (a list of choices) costs one pass over it, not one per node.
 */
export function connectionRules(document: WorkflowDocument): (connection: Connection) => ConnectionCheck {
  const nodes = new Map(document.nodes.map((node) => [node.id, node]))
  const outgoing = new Map<string, WorkflowEdge[]>()
  for (const edge of document.edges) {
    const key = exitKey(edge.source, edge.sourceHandle)
    const edges = outgoing.get(key)
    if (edges) edges.push(edge)
    else outgoing.set(key, [edge])
  }
  return (connection) => {
    const source = nodes.get(connection.source)
    const target = nodes.get(connection.target)
    if (!source || !target) return { ok: false, reason: 'Both ends must be nodes of this workflow.' }
    if (source.id === target.id) return { ok: false, reason: 'A node cannot lead to itself.' }
    const from = kindSpec(source.type)
    const into = kindSpec(target.type)
    if (connection.sourceHandle === exceptionHandle) {
      if (!from.attachesExceptions) return { ok: false, reason: 'Only steps have exceptions.' }
      if (into.entries.kind !== 'attached')
        return { ok: false, reason: 'A step’s exception handle attaches an exception node.' }
      return { ok: true }
    }
    if (into.entries.kind !== 'any') return { ok: false, reason: into.entries.reason }
    if (from.exits.kind === 'none') return { ok: false, reason: from.exits.reason }
    const existing = outgoing.get(exitKey(source.id, connection.sourceHandle)) ?? []
    if (existing.some((edge) => edge.target === target.id))
      return { ok: false, reason: 'These nodes are already connected.' }
    if (from.exits.kind === 'per-branch') {
      const branch = branchOf(source, connection.sourceHandle)
      if (!branch) return { ok: false, reason: 'Connect from one of the decision’s branches.' }
      if (existing.length > 0)
        return { ok: false, reason: `The branch “${branch.label}” already leads somewhere.` }
    }
    if (from.exits.kind === 'one' && existing.length > 0) {
      return {
        ok: false,
        reason: 'This node already leads somewhere; use a decision or a fork to go several ways.',
      }
    }
    return { ok: true }
  }
}

/** Whether one connection is allowed (see `connectionRules`). */
export function checkConnection(document: WorkflowDocument, connection: Connection): ConnectionCheck {
  return connectionRules(document)(connection)
}

/** The changes that make a valid connection: an edge, or attaching an exception to its step. */
export function connectionChanges(document: WorkflowDocument, connection: Connection): DocumentChange[] {
  if (!checkConnection(document, connection).ok) return []
  if (connection.sourceHandle === exceptionHandle) {
    return [{ type: 'updateNodeData', id: connection.target, patch: { attachedTo: connection.source } }]
  }
  const source = document.nodes.find((node) => node.id === connection.source)
  const branch = source && branchOf(source, connection.sourceHandle)
  const edge = {
    id: freshId(`e-${connection.source}`, idsOf(document)),
    source: connection.source,
    target: connection.target,
    ...(connection.sourceHandle ? { sourceHandle: connection.sourceHandle } : {}),
    ...(branch ? { data: { label: branch.label } } : {}),
  }
  return [{ type: 'connect', edge }]
}

/** Every exit some edge leaves through, for asking `freeExits` of many nodes at once. */
export function exitsInUse(document: WorkflowDocument): ReadonlySet<string> {
  return new Set(document.edges.map((edge) => exitKey(edge.source, edge.sourceHandle)))
}

/**
 * The exits of a node that can take one more connection, in order: its one exit while unused
 * (a fork's always), a decision's branches that lead nowhere yet. An end has none.
 */
export function freeExits(
  document: WorkflowDocument,
  node: WorkflowNode,
  inUse: ReadonlySet<string> = exitsInUse(document),
): Array<string | null> {
  const exits = exitHandlesOf(node)
  if (kindSpec(node.type).exits.kind === 'many') return exits
  return exits.filter((handle) => !inUse.has(exitKey(node.id, handle)))
}

/**
 * The nodes a node's first free exit may lead to whose name (or id) holds `query`, for connecting
 * by name: nearest the top of the document first, at most `limit`.
 */
export function connectableTargets(
  document: WorkflowDocument,
  sourceId: string,
  query: string,
  limit = 8,
): WorkflowNode[] {
  const source = document.nodes.find((node) => node.id === sourceId)
  const exit = source ? freeExits(document, source)[0] : undefined
  if (!source || exit === undefined) return []
  const needle = query.trim().toLowerCase()
  const check = connectionRules(document)
  return document.nodes
    .filter(
      (node) =>
        (node.data.label.toLowerCase().includes(needle) || node.id.toLowerCase().includes(needle)) &&
        check({ source: source.id, target: node.id, sourceHandle: exit }).ok,
    )
    .slice(0, limit)
}
