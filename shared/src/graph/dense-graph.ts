import { outgoingEdges, successorsOf, type WorkflowGraph } from './workflow-graph'

/**
 * The graph as numbered nodes with adjacency in flat arrays (compressed rows): the form the
 * whole-graph algorithms (dominators, loops) walk without allocating per node. Built once per
 * graph and shared.
 */
export interface DenseGraph {
  /** Node ids, numbered in document order. */
  readonly ids: readonly string[]
  readonly indexOf: ReadonlyMap<string, number>
  /** Successors (edges and attached exceptions) of node i: `next[nextStart[i]]` up to `next[nextStart[i + 1]]`. */
  readonly nextStart: Int32Array
  readonly next: Int32Array
  /** Targets of the drawn edges only, in the same layout. */
  readonly edgeStart: Int32Array
  readonly edgeTarget: Int32Array
}

const built = new WeakMap<WorkflowGraph, DenseGraph>()

export function denseGraph(graph: WorkflowGraph): DenseGraph {
  let dense = built.get(graph)
  if (!dense) built.set(graph, (dense = build(graph)))
  return dense
}

function build(graph: WorkflowGraph): DenseGraph {
  const ids = [...graph.nodes.keys()]
  const indexOf = new Map<string, number>()
  ids.forEach((id, i) => indexOf.set(id, i))
  const rows = (listOf: (id: string) => Iterable<string>) => {
    const start = new Int32Array(ids.length + 1)
    const cells: number[] = []
    ids.forEach((id, i) => {
      start[i] = cells.length
      for (const target of listOf(id)) {
        const j = indexOf.get(target)
        if (j !== undefined) cells.push(j)
      }
    })
    start[ids.length] = cells.length
    return { start, cells: Int32Array.from(cells) }
  }
  const next = rows((id) => successorsOf(graph, id))
  const edges = rows((id) => outgoingEdges(graph, id).map((edge) => edge.target))
  return {
    ids,
    indexOf,
    nextStart: next.start,
    next: next.cells,
    edgeStart: edges.start,
    edgeTarget: edges.cells,
  }
}
