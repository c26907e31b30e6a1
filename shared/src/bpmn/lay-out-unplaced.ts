import type { WorkflowEdge, WorkflowNode } from '../model'

/**
 * Places the nodes a file gave no position (one without a diagram): in columns by how many
 * steps they are from a start, below everything that has a position.
 */
export function layOutUnplaced(
  nodes: WorkflowNode[],
  edges: WorkflowEdge[],
  unplaced: ReadonlySet<string>,
): void {
  const placed = nodes.filter((node) => !unplaced.has(node.id))
  const top = placed.length > 0 ? Math.max(...placed.map((node) => node.position.y)) + 240 : 40
  const depth = new Map<string, number>()
  const targets = new Set(edges.map((edge) => edge.target))
  const queue = nodes.filter((node) => !targets.has(node.id)).map((node) => node.id)
  for (const id of queue) depth.set(id, 0)
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!
    for (const edge of edges) {
      if (edge.source === id && !depth.has(edge.target)) {
        depth.set(edge.target, depth.get(id)! + 1)
        queue.push(edge.target)
      }
    }
  }
  const rows = new Map<number, number>()
  for (const node of nodes) {
    if (!unplaced.has(node.id)) continue
    const column = depth.get(node.id) ?? 0
    const row = rows.get(column) ?? 0
    rows.set(column, row + 1)
    node.position = { x: 40 + column * 260, y: top + row * 160 }
  }
}
