import type { NodeKind, WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import type { DocumentChange, XY } from './changes'
import { laneHeight, nodeSize } from './geometry'

/** Room kept between a band's edge and the nodes inside it. */
export const lanePadding = 20

/** A lane's horizontal band: from `top` to `bottom`, the full width of the diagram. */
export interface Band {
  laneId: string
  top: number
  bottom: number
}

export interface LaneLayout {
  /** Top to bottom in the document's lane order, each directly below the one before. */
  bands: Band[]
  /** Where nodes are drawn that sit elsewhere in the document: moved into their lane's band, or out of all bands. */
  moved: Map<string, XY>
}

const centreOf = (kind: NodeKind, y: number) => y + nodeSize(kind).height / 2

/**
 * A node's lane is the band it sits in, and the two must never disagree, whatever the stored
 * positions say (an older document, an edit from someone else, a paste). The lane is what counts
 * (it decides who does the work), so the bands are drawn around their nodes: the first starts at
 * 0, each at least `laneHeight` tall and grown to hold its nodes; a lane's nodes lying above its
 * band move down into it together, keeping their arrangement. Nodes with no lane lie outside
 * every band: above the first (if their centre is) or below the last, moved together too.
 */
export function laneLayout(document: Pick<WorkflowDocument, 'lanes' | 'nodes'>): LaneLayout {
  const moved = new Map<string, XY>()
  if (document.lanes.length === 0) return { bands: [], moved }
  const laneIndex = new Map(document.lanes.map((lane, index) => [lane.id, index]))
  const members: WorkflowNode[][] = document.lanes.map(() => [])
  const above: WorkflowNode[] = []
  const below: WorkflowNode[] = []
  for (const node of document.nodes) {
    const index = node.data.lane === undefined ? undefined : laneIndex.get(node.data.lane)
    if (index !== undefined) members[index]!.push(node)
    else (centreOf(node.type, node.position.y) < 0 ? above : below).push(node)
  }
  const shiftAll = (nodes: WorkflowNode[], by: number) => {
    if (by !== 0)
      for (const node of nodes) moved.set(node.id, { x: node.position.x, y: node.position.y + by })
  }

  const bands: Band[] = []
  let top = 0
  document.lanes.forEach((lane, index) => {
    const nodes = members[index]!
    const shift = Math.max(0, top + lanePadding - lowest(nodes, (node) => node.position.y))
    shiftAll(nodes, shift)
    const bottom = Math.max(
      top + laneHeight,
      highest(nodes, (node) => node.position.y + nodeSize(node.type).height) + shift + lanePadding,
    )
    bands.push({ laneId: lane.id, top, bottom })
    top = bottom
  })
  shiftAll(
    above,
    -Math.max(0, highest(above, (node) => node.position.y + nodeSize(node.type).height) + lanePadding),
  )
  shiftAll(below, Math.max(0, top + lanePadding - lowest(below, (node) => node.position.y)))
  return { bands, moved }
}

function lowest(nodes: WorkflowNode[], value: (node: WorkflowNode) => number): number {
  let result = Infinity
  for (const node of nodes) result = Math.min(result, value(node))
  return result
}

function highest(nodes: WorkflowNode[], value: (node: WorkflowNode) => number): number {
  let result = -Infinity
  for (const node of nodes) result = Math.max(result, value(node))
  return result
}

/** The band holding a node of this kind whose top is at `y` (by its centre), if any. */
export function bandAt(bands: Band[], kind: NodeKind, y: number): Band | undefined {
  const centre = centreOf(kind, y)
  return bands.find((band) => band.top <= centre && centre < band.bottom)
}

/** The lane a node of this kind would belong to with its top at `y`. */
export function laneAt(document: WorkflowDocument, kind: NodeKind, y: number): string | undefined {
  return bandAt(laneLayout(document).bands, kind, y)?.laneId
}

/** Where a new node put at `position` goes, and its lane: see `snapped`. */
export function placeNewNode(
  document: WorkflowDocument,
  kind: NodeKind,
  position: XY,
): { position: XY; lane: string | undefined } {
  return snapped(laneLayout(document).bands, kind, position)
}

/** Where a node dropped at `position` goes: into the band under its centre, wholly inside it, or clear of all bands. */
function snapped(bands: Band[], kind: NodeKind, position: XY): { position: XY; lane: string | undefined } {
  const band = bandAt(bands, kind, position.y)
  const { height } = nodeSize(kind)
  if (band)
    return { lane: band.laneId, position: { x: position.x, y: Math.max(position.y, band.top + lanePadding) } }
  if (bands.length === 0) return { lane: undefined, position }
  const y =
    centreOf(kind, position.y) < 0
      ? Math.min(position.y, -height - lanePadding)
      : Math.max(position.y, bands.at(-1)!.bottom + lanePadding)
  return { lane: undefined, position: { x: position.x, y } }
}

/**
 * Moves nodes and sets their lanes to match, as one list of changes: each node gets the lane of
 * the band it ends in, and every node the grown or shrunk bands push is moved with them, so the
 * stored positions agree with the lanes again.
 */
function placeChanges(
  document: WorkflowDocument,
  placed: Map<string, { position: XY; lane: string | undefined }>,
): DocumentChange[] {
  const after: WorkflowDocument = {
    ...document,
    nodes: document.nodes.map((node) => {
      const place = placed.get(node.id)
      if (!place) return node
      return { ...node, position: place.position, data: { ...node.data, lane: place.lane } } as WorkflowNode
    }),
  }
  const positions: Record<string, XY> = {}
  for (const [id, place] of placed) positions[id] = place.position
  for (const [id, position] of laneLayout(after).moved) positions[id] = position
  const changes: DocumentChange[] =
    Object.keys(positions).length > 0 ? [{ type: 'moveNodes', positions }] : []
  const byLane = new Map<string | undefined, string[]>()
  for (const node of document.nodes) {
    const place = placed.get(node.id)
    if (!place || place.lane === node.data.lane) continue
    byLane.set(place.lane, [...(byLane.get(place.lane) ?? []), node.id])
  }
  for (const [lane, nodeIds] of byLane) changes.push({ type: 'setLane', nodeIds, lane })
  return changes
}

/** Nodes dropped at new positions (a drag): each joins the band it was dropped in, or no lane outside them. */
export function dropChanges(document: WorkflowDocument, positions: Record<string, XY>): DocumentChange[] {
  const { bands } = laneLayout(document)
  const kinds = new Map(document.nodes.map((node) => [node.id, node.type]))
  const placed = new Map<string, { position: XY; lane: string | undefined }>()
  for (const [id, position] of Object.entries(positions)) {
    const kind = kinds.get(id)
    if (kind) placed.set(id, snapped(bands, kind, position))
  }
  return placeChanges(document, placed)
}

/**
 * A node given a lane (from the inspector) moves into that lane's band, or out of all bands for
 * no lane, beside the nodes already there rather than on top of them.
 */
export function setLaneChanges(
  document: WorkflowDocument,
  nodeId: string,
  lane: string | undefined,
): DocumentChange[] {
  const node = document.nodes.find((entry) => entry.id === nodeId)
  if (!node) return []
  const others = { ...document, nodes: document.nodes.filter((entry) => entry.id !== nodeId) }
  const { bands, moved } = laneLayout(others)
  const band = bands.find((entry) => entry.laneId === lane)
  const { width, height } = nodeSize(node.type)
  const inside = (y: number) =>
    band ? y >= band.top + lanePadding && y + height <= band.bottom - lanePadding : false
  let y: number
  if (band)
    y = inside(node.position.y)
      ? node.position.y
      : band.top + Math.max(lanePadding, (laneHeight - height) / 2)
  else y = snapped(bands, node.type, node.position).position.y
  // Beside, not over, the nodes already in that row.
  let x = node.position.x
  const neighbours = others.nodes
    .map((other) => ({ ...nodeSize(other.type), ...(moved.get(other.id) ?? other.position) }))
    .sort((a, b) => a.x - b.x)
  for (const other of neighbours) {
    if (
      x < other.x + other.width &&
      other.x < x + width &&
      y < other.y + other.height &&
      other.y < y + height
    )
      x = other.x + other.width + 40
  }
  return placeChanges(document, new Map([[nodeId, { position: { x, y: Math.round(y) }, lane }]]))
}

/** Moves every node to where it is drawn, so the stored positions agree with the lanes (after an auto-layout). */
export function settleChanges(document: WorkflowDocument): DocumentChange[] {
  const { moved } = laneLayout(document)
  return moved.size > 0 ? [{ type: 'moveNodes', positions: Object.fromEntries(moved) }] : []
}
