import { branchesOf, type NodeKind, type WorkflowDocument, type WorkflowNode } from '@conveyor/shared'
import type { XY } from './changes'
import { exceptionHandle } from './connection-rules'
import { nodeSize } from './geometry'
import { laneLayout } from './lane-bands'

export interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** Room between a placed node and its neighbours: along the flow (room for a branch's name), and across it. */
export const placementGap = { along: 120, across: 40 }
/** The least space kept free around every node, so no box touches another. */
const clearance = 20
/** Candidate spots are this far apart: far enough to be quick, close enough to fill gaps. */
const gridStep = 20
/** How far the search walks away from the wanted spot before it gives up on that area. */
const maxRings = 60

export function boxOf(node: WorkflowNode, position: XY = node.position): Box {
  return { ...position, ...nodeSize(node.type) }
}

/** Whether two boxes come closer than `margin` to each other. */
export function boxesOverlap(a: Box, b: Box, margin = 0): boolean {
  return (
    a.x < b.x + b.width + margin &&
    b.x < a.x + a.width + margin &&
    a.y < b.y + b.height + margin &&
    b.y < a.y + a.height + margin
  )
}

/** Every node's box where it is drawn: lane bands may draw a node elsewhere than it is stored. */
export function drawnBoxes(document: WorkflowDocument): Box[] {
  const { moved } = laneLayout(document)
  return document.nodes.map((node) => boxOf(node, moved.get(node.id)))
}

function isFree(boxes: readonly Box[], candidate: Box): boolean {
  return !boxes.some((box) => boxesOverlap(box, candidate, clearance))
}

/** Where an exit leaves its node, as a fraction of its height (a decision spreads its branches). */
function exitFraction(node: WorkflowNode, handle: string | null | undefined): number {
  const branches = branchesOf(node)
  const index = branches.findIndex((branch) => branch.id === handle)
  return index < 0 ? 0.5 : (index + 1) / (branches.length + 1)
}

/** The node whose box holds a point, the one drawn on top where boxes meet. */
export function nodeAt(document: WorkflowDocument, point: XY): WorkflowNode | undefined {
  const boxes = drawnBoxes(document)
  const index = boxes.findLastIndex((box) => boxesOverlap(box, { ...point, width: 0, height: 0 }))
  return document.nodes[index]
}

/** 0, 1, -1, 2, -2, …: steps away from a wanted spot, nearest first, `first` side before the other. */
function* outwards(first: 1 | -1): Generator<number> {
  yield 0
  for (let ring = 1; ring <= maxRings; ring++) {
    yield ring * first
    yield -ring * first
  }
}

/** A spot to the right of every node: always free, the last resort of every search. */
function pastEverything(boxes: readonly Box[], y: number): XY {
  const right = Math.max(0, ...boxes.map((box) => box.x + box.width))
  return { x: right + placementGap.along, y }
}

/**
 * Where a new node of `kind` goes beside `from`, in the flow direction (left to right): right of
 * the exit it leaves through, level with that exit, or below a step for its exception. Taken
 * spots move it across the flow (down first, or up for an exit in the upper half), never onto
 * another node.
 */
export function placeBeside(
  document: WorkflowDocument,
  kind: NodeKind,
  from: WorkflowNode,
  handle?: string | null,
): XY {
  const boxes = drawnBoxes(document)
  const source = boxes[document.nodes.indexOf(from)] ?? boxOf(from)
  const size = nodeSize(kind)
  if (handle === exceptionHandle) {
    // An exception hangs below its step; taken spots push it further along the flow.
    const start = {
      x: source.x + (source.width - size.width) / 2,
      y: source.y + source.height + placementGap.across,
    }
    for (let step = 0; step <= maxRings; step++) {
      const at = { x: start.x + step * (size.width + placementGap.across), y: start.y }
      if (isFree(boxes, { ...at, ...size })) return at
    }
    return pastEverything(boxes, start.y)
  }
  const fraction = exitFraction(from, handle)
  const exitY = source.y + source.height * fraction
  const start = { x: source.x + source.width + placementGap.along, y: exitY - size.height / 2 }
  const rowHeight = size.height + placementGap.across
  for (const step of outwards(fraction < 0.5 ? -1 : 1)) {
    const at = { x: start.x, y: start.y + step * rowHeight }
    if (isFree(boxes, { ...at, ...size })) return at
  }
  return pastEverything(boxes, start.y)
}

/**
 * The first free spot for a node of `kind` inside `view` (flow coordinates), reading left to
 * right, top to bottom; if the view is full, the nearest free spot right of the diagram.
 */
export function firstFreeSpot(document: WorkflowDocument, kind: NodeKind, view: Box): XY {
  const size = nodeSize(kind)
  const boxes = drawnBoxes(document)
  const inView = boxes.filter((box) => boxesOverlap(box, view, clearance))
  // Zoomed far out the view is huge: a coarser grid keeps the search to a few thousand spots.
  const step = Math.max(gridStep, Math.ceil(Math.max(view.width, view.height) / 80))
  const margin = clearance
  for (let y = view.y + margin; y + size.height + margin <= view.y + view.height; y += step) {
    for (let x = view.x + margin; x + size.width + margin <= view.x + view.width; x += step) {
      const at = { x, y }
      if (isFree(inView, { ...at, ...size })) return at
    }
  }
  return pastEverything(boxes, view.y + view.height / 2 - size.height / 2)
}

/** `position` when a node of `kind` fits there, else the nearest free spot around it (a drop). */
export function freeSpotNear(document: WorkflowDocument, kind: NodeKind, position: XY): XY {
  const size = nodeSize(kind)
  const boxes = drawnBoxes(document)
  if (isFree(boxes, { ...position, ...size })) return position
  for (let ring = 1; ring <= maxRings; ring++) {
    const spots: XY[] = []
    for (let dx = -ring; dx <= ring; dx++) {
      for (let dy = -ring; dy <= ring; dy++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue
        spots.push({ x: position.x + dx * gridStep, y: position.y + dy * gridStep })
      }
    }
    const distance = (spot: XY) => Math.hypot(spot.x - position.x, spot.y - position.y)
    const free = spots.filter((spot) => isFree(boxes, { ...spot, ...size }))
    if (free.length) return free.sort((a, b) => distance(a) - distance(b))[0]!
  }
  return pastEverything(boxes, position.y)
}
