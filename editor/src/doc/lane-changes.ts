import type { WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import type { DocumentChange, XY } from './changes'
import { nodeSize } from './geometry'
import { laneLayout } from './lane-bands'

/**
 * Removing a lane closes its band: nodes in the bands below move up with their lanes, so every
 * node stays drawn in the lane it belongs to. Nodes of the removed lane lose their lane and so
 * move out of the bands, below them.
 */
export function removeLaneChanges(document: WorkflowDocument, laneId: string): DocumentChange[] {
  const { bands, moved } = laneLayout(document)
  const band = bands.find((entry) => entry.laneId === laneId)
  if (!band) return []
  const height = band.bottom - band.top
  const positions: Record<string, XY> = {}
  const nodes = document.nodes.map((node): WorkflowNode => {
    const drawn = moved.get(node.id) ?? node.position
    const position =
      drawn.y + nodeSize(node.type).height / 2 >= band.bottom ? { x: drawn.x, y: drawn.y - height } : drawn
    if (position !== node.position) positions[node.id] = position
    const lane = node.data.lane === laneId ? undefined : node.data.lane
    return { ...node, position, data: { ...node.data, lane } } as WorkflowNode
  })
  const after = { lanes: document.lanes.filter((lane) => lane.id !== laneId), nodes }
  for (const [id, position] of laneLayout(after).moved) positions[id] = position
  const move: DocumentChange[] = Object.keys(positions).length > 0 ? [{ type: 'moveNodes', positions }] : []
  return [{ type: 'removeLane', id: laneId }, ...move]
}
