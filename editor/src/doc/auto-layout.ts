import { attachedToOf, type WorkflowDocument } from '@conveyor/shared'
import type { ElkNode } from 'elkjs/lib/elk-api'
import type { XY } from './changes'
import { laneHeight, laneTop, nodeSize } from './geometry'
import { laneLayout } from './lane-bands'

const gap = 60
const lanePadding = 24

export type LayoutEngine = { layout(graph: ElkNode): Promise<ElkNode> }

/** elk is about 1.5 MB: it is loaded the first time someone asks for a layout. */
export async function loadElk(): Promise<LayoutEngine> {
  const { default: Elk } = await import('elkjs/lib/elk.bundled.js')
  return new Elk()
}

export function layoutGraph(document: WorkflowDocument): ElkNode {
  const ids = new Set(document.nodes.map((node) => node.id))
  const attachments = document.nodes.flatMap((node) => {
    const host = attachedToOf(node)
    return host !== undefined && ids.has(host)
      ? [{ id: `attach-${node.id}`, sources: [host], targets: [node.id] }]
      : []
  })
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': String(gap),
      'elk.layered.spacing.nodeNodeBetweenLayers': String(gap * 1.5),
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: document.nodes.map((node) => ({ id: node.id, ...nodeSize(node.type) })),
    edges: [
      ...document.edges
        .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
        .map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
      ...attachments,
    ],
  }
}

/**
 * Left-to-right positions for every node: elk decides the order along the flow; nodes in a lane
 * are then placed inside their lane's band, pushed right where they would overlap a neighbour.
 */
export function positionsFrom(document: WorkflowDocument, laidOut: ElkNode): Record<string, XY> {
  const laneIndex = new Map(document.lanes.map((lane, index) => [lane.id, index]))
  const offsetX = 40
  const positions: Record<string, XY> = {}
  const placed = [...(laidOut.children ?? [])].sort((a, b) => (a.x ?? 0) - (b.x ?? 0))
  const rightEdgeOfLane = new Map<number, number>()
  for (const child of placed) {
    const node = document.nodes.find((entry) => entry.id === child.id)
    if (!node) continue
    const size = nodeSize(node.type)
    let x = Math.round((child.x ?? 0) + offsetX)
    let y = Math.round((child.y ?? 0) + 40)
    const lane = node.data.lane === undefined ? undefined : laneIndex.get(node.data.lane)
    if (lane !== undefined) {
      x = Math.max(x, rightEdgeOfLane.get(lane) ?? -Infinity)
      rightEdgeOfLane.set(lane, x + size.width + gap)
      y = laneTop(lane) + Math.max(lanePadding, Math.round((laneHeight - size.height) / 2))
    }
    positions[node.id] = { x, y }
  }
  // Nodes with no lane go clear of the bands, keeping elk's arrangement.
  const laidOutNodes = document.nodes.map((node) => ({
    ...node,
    position: positions[node.id] ?? node.position,
  }))
  for (const [id, position] of laneLayout({ lanes: document.lanes, nodes: laidOutNodes }).moved)
    positions[id] = position
  return positions
}

export async function autoLayout(
  document: WorkflowDocument,
  engine?: LayoutEngine,
): Promise<Record<string, XY>> {
  const elk = engine ?? (await loadElk())
  return positionsFrom(document, await elk.layout(layoutGraph(document)))
}
