import { denseGraph } from './dense-graph'
import { outgoingEdges, type WorkflowGraph } from './workflow-graph'

/**
 * Strongly connected components over the drawn edges (Tarjan's algorithm, iterative so a long
 * chain cannot overflow the stack). Only components that form a loop are returned: two or more
 * nodes, or one node with an edge to itself. Nodes in each component are in document order.
 */
export function findLoops(graph: WorkflowGraph): string[][] {
  const { ids, edgeStart, edgeTarget } = denseGraph(graph)
  const count = ids.length
  const order = new Int32Array(count).fill(-1)
  const low = new Int32Array(count)
  const onStack = new Uint8Array(count)
  const component: number[] = []
  const workNode = new Int32Array(count)
  const workCursor = new Int32Array(count)
  const loops: string[][] = []
  let counter = 0

  for (let root = 0; root < count; root++) {
    if (order[root] !== -1) continue
    let top = 0
    workNode[0] = root
    workCursor[0] = edgeStart[root]!
    order[root] = low[root] = counter++
    component.push(root)
    onStack[root] = 1
    while (top >= 0) {
      const node = workNode[top]!
      const cursor = workCursor[top]!
      if (cursor < edgeStart[node + 1]!) {
        workCursor[top] = cursor + 1
        const next = edgeTarget[cursor]!
        if (order[next] === -1) {
          order[next] = low[next] = counter++
          component.push(next)
          onStack[next] = 1
          top++
          workNode[top] = next
          workCursor[top] = edgeStart[next]!
        } else if (onStack[next]) {
          low[node] = Math.min(low[node]!, order[next]!)
        }
        continue
      }
      top--
      if (top >= 0) low[workNode[top]!] = Math.min(low[workNode[top]!]!, low[node]!)
      if (low[node] !== order[node]) continue
      const members: number[] = []
      let member: number
      do {
        member = component.pop()!
        onStack[member] = 0
        members.push(member)
      } while (member !== node)
      if (members.length > 1 || hasEdgeToItself(edgeStart, edgeTarget, node)) {
        loops.push(members.sort((a, b) => a - b).map((i) => ids[i]!))
      }
    }
  }
  return loops
}

function hasEdgeToItself(edgeStart: Int32Array, edgeTarget: Int32Array, node: number): boolean {
  for (let k = edgeStart[node]!; k < edgeStart[node + 1]!; k++) if (edgeTarget[k] === node) return true
  return false
}

/** How many edges leave a set of nodes (to an existing node outside it). */
export function exitsOf(graph: WorkflowGraph, members: ReadonlySet<string>): number {
  let exits = 0
  for (const id of members) {
    for (const edge of outgoingEdges(graph, id)) {
      if (graph.nodes.has(edge.target) && !members.has(edge.target)) exits++
    }
  }
  return exits
}
