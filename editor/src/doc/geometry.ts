import type { NodeKind, WorkflowDocument } from '@conveyor/shared'

/** Every node kind has a fixed size, so layout, lanes and the minimap need not measure the DOM. */
export const nodeSizes: Record<NodeKind, { width: number; height: number }> = {
  trigger: { width: 180, height: 64 },
  step: { width: 200, height: 80 },
  decision: { width: 170, height: 90 },
  exception: { width: 170, height: 56 },
  fork: { width: 48, height: 110 },
  join: { width: 48, height: 110 },
  end: { width: 140, height: 56 },
}

/** Lanes are horizontal bands of equal height, top to bottom in the document's lane order. */
export const laneHeight = 200
/** Room at the left of the bands (x < 0) for the lane names, so they do not cover nodes. */
export const laneGutter = 160

export function laneTop(index: number): number {
  return index * laneHeight
}

/** The lane whose band holds the node's vertical centre, if any. */
export function laneAt(document: WorkflowDocument, kind: NodeKind, y: number): string | undefined {
  const centre = y + nodeSizes[kind].height / 2
  const index = Math.floor(centre / laneHeight)
  return document.lanes[index]?.id
}
