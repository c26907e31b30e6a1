import type { WorkflowDocument } from '@conveyor/shared'
import type { DocumentChange, XY } from './changes'
import { laneHeight, laneTop, nodeSizes } from './geometry'

/**
 * Removing a lane closes its band: nodes in the bands below move up with their lanes, so every
 * node stays drawn in the lane it belongs to. Nodes of the removed lane stay put, without a lane.
 */
export function removeLaneChanges(document: WorkflowDocument, laneId: string): DocumentChange[] {
  const index = document.lanes.findIndex((lane) => lane.id === laneId)
  if (index < 0) return []
  const bandBottom = laneTop(index) + laneHeight
  const positions: Record<string, XY> = {}
  for (const node of document.nodes) {
    const centre = node.position.y + nodeSizes[node.type].height / 2
    if (centre >= bandBottom) positions[node.id] = { x: node.position.x, y: node.position.y - laneHeight }
  }
  const move: DocumentChange[] = Object.keys(positions).length > 0 ? [{ type: 'moveNodes', positions }] : []
  return [{ type: 'removeLane', id: laneId }, ...move]
}
