import { outgoingEdges, type WorkflowGraph } from './workflow-graph'

/**
 * Strongly connected components over the drawn edges (Tarjan's algorithm, iterative so a long
 * chain cannot overflow the stack). Only components that form a loop are returned: two or more
 * nodes, or one node with an edge to itself. Nodes in each component are in document order.
 */
export function findLoops(graph: WorkflowGraph): string[][] {
  const ids = [...graph.nodes.keys()]
  const indexOf = new Map<string, number>()
  ids.forEach((id, i) => indexOf.set(id, i))
  const targets = ids.map((id) =>
    outgoingEdges(graph, id)
      .map((edge) => indexOf.get(edge.target))
      .filter((i): i is number => i !== undefined),
  )

  const count = ids.length
  const order = new Int32Array(count).fill(-1)
  const low = new Int32Array(count)
  const onStack = new Uint8Array(count)
  const stack: number[] = []
  const loops: string[][] = []
  let counter = 0

  for (let root = 0; root < count; root++) {
    if (order[root] !== -1) continue
    const work: Array<[node: number, nextChild: number]> = [[root, 0]]
    order[root] = low[root] = counter++
    stack.push(root)
    onStack[root] = 1
    while (work.length > 0) {
      const frame = work[work.length - 1]!
      const [node, child] = frame
      const children = targets[node]!
      if (child < children.length) {
        frame[1] = child + 1
        const next = children[child]!
        if (order[next] === -1) {
          order[next] = low[next] = counter++
          stack.push(next)
          onStack[next] = 1
          work.push([next, 0])
        } else if (onStack[next]) {
          low[node] = Math.min(low[node]!, order[next]!)
        }
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[node]!)
      if (low[node] !== order[node]) continue
      const component: number[] = []
      let member: number
      do {
        member = stack.pop()!
        onStack[member] = 0
        component.push(member)
      } while (member !== node)
      const isLoop = component.length > 1 || children.includes(node)
      if (isLoop) loops.push(component.sort((a, b) => a - b).map((i) => ids[i]!))
    }
  }
  return loops
}

/** Edges that leave a set of nodes (to a node outside it). */
export function exitsOf(graph: WorkflowGraph, members: ReadonlySet<string>): number {
  let exits = 0
  for (const id of members) {
    for (const edge of outgoingEdges(graph, id)) {
      if (graph.nodes.has(edge.target) && !members.has(edge.target)) exits++
    }
  }
  return exits
}
