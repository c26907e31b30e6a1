import { attachedHostOf, attachedToOf, inFlow, startsFlow } from '../kinds'
import type { WorkflowEdge, WorkflowNode } from '../model'

/** The parts of a workflow document the graph helpers read. */
export interface GraphInput {
  readonly nodes: readonly WorkflowNode[]
  readonly edges: readonly WorkflowEdge[]
}

/**
 * The flow of a workflow document (its annotations left out), indexed for graph work: every lookup is a Map hit, so each pass over the
 * graph stays linear in its size. Where ids repeat, the first node with an id wins.
 */
export interface WorkflowGraph {
  readonly nodes: ReadonlyMap<string, WorkflowNode>
  /** Edges by source node id, in document order (including edges whose target is missing). */
  readonly outgoing: ReadonlyMap<string, readonly WorkflowEdge[]>
  /** Edges by target node id, in document order (including edges whose source is missing). */
  readonly incoming: ReadonlyMap<string, readonly WorkflowEdge[]>
  /** Exception node ids attached to each step, in document order. */
  readonly exceptionsOf: ReadonlyMap<string, readonly string[]>
  /**
   * Where work can go next from each node: the targets of its edges that exist, then, for a
   * step, its attached exceptions (a failure leaves the step through them).
   */
  readonly successors: ReadonlyMap<string, readonly string[]>
  /** Position of the first node and edge of each id in the document's arrays. */
  readonly nodeIndex: ReadonlyMap<string, number>
  readonly edgeIndex: ReadonlyMap<string, number>
  /** Positions of nodes and edges whose id was already used earlier in the document. */
  readonly repeatedNodes: readonly number[]
  readonly repeatedEdges: readonly number[]
}

const none: readonly never[] = []

export function buildGraph(input: GraphInput): WorkflowGraph {
  const nodes = new Map<string, WorkflowNode>()
  const nodeIndex = new Map<string, number>()
  const repeatedNodes: number[] = []
  input.nodes.forEach((node, index) => {
    // Annotations (notes) are drawn for people and are not part of the flow.
    if (!inFlow(node.type)) return
    if (nodes.has(node.id)) return repeatedNodes.push(index)
    nodes.set(node.id, node)
    nodeIndex.set(node.id, index)
  })

  const outgoing = new Map<string, WorkflowEdge[]>()
  const incoming = new Map<string, WorkflowEdge[]>()
  const edgeIndex = new Map<string, number>()
  const repeatedEdges: number[] = []
  input.edges.forEach((edge, index) => {
    push(outgoing, edge.source, edge)
    push(incoming, edge.target, edge)
    if (edgeIndex.has(edge.id)) repeatedEdges.push(index)
    else edgeIndex.set(edge.id, index)
  })

  const exceptionsOf = new Map<string, string[]>()
  for (const node of nodes.values()) {
    const host = attachedHostOf(node, nodes)
    if (host) push(exceptionsOf, host.id, node.id)
  }

  const successors = new Map<string, string[]>()
  for (const id of nodes.keys()) {
    const next: string[] = []
    for (const edge of outgoing.get(id) ?? none) if (nodes.has(edge.target)) next.push(edge.target)
    for (const exception of exceptionsOf.get(id) ?? none) next.push(exception)
    successors.set(id, next)
  }
  return {
    nodes,
    outgoing,
    incoming,
    exceptionsOf,
    successors,
    nodeIndex,
    edgeIndex,
    repeatedNodes,
    repeatedEdges,
  }
}

export function successorsOf(graph: WorkflowGraph, nodeId: string): readonly string[] {
  return graph.successors.get(nodeId) ?? none
}

/** The reverse of `successorsOf`: sources of edges into the node, and the step an exception is attached to. */
export function predecessorsOf(graph: WorkflowGraph, nodeId: string): string[] {
  const node = graph.nodes.get(nodeId)
  const from = incomingEdges(graph, nodeId)
    .map((edge) => edge.source)
    .filter((source) => graph.nodes.has(source))
  const host = node && attachedToOf(node)
  if (host !== undefined && graph.exceptionsOf.get(host)?.includes(nodeId)) from.push(host)
  return from
}

export function outgoingEdges(graph: WorkflowGraph, nodeId: string): readonly WorkflowEdge[] {
  return graph.outgoing.get(nodeId) ?? none
}

export function incomingEdges(graph: WorkflowGraph, nodeId: string): readonly WorkflowEdge[] {
  return graph.incoming.get(nodeId) ?? none
}

/** Trigger node ids, in document order. */
export function triggerIds(graph: WorkflowGraph): string[] {
  const triggers: string[] = []
  for (const node of graph.nodes.values()) if (startsFlow(node.type)) triggers.push(node.id)
  return triggers
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
