import type { WorkflowDocument } from '@conveyor/shared'
import type { Viewport } from '@xyflow/react'
import { nodeSizes } from '../doc/geometry'
import { detailZoom } from './nodes/node-frame'

/** The smallest zoom a diagram opens fitted at: below it, names would be too small to read. */
export const readableZoom = Math.max(0.6, detailZoom)
const openingZoom = 0.8
const fitPadding = 0.1
/** Room at the pane's left for the pinned lane names. */
export const laneNamesWidth = 140

export interface PaneSize {
  width: number
  height: number
}

/**
 * How a diagram opens: fitted to the pane when it fits at a readable zoom; otherwise at a
 * readable zoom from its top-left corner, where the flow starts (Fit view still shows the whole). That also
 * keeps big diagrams fast to open: only what is on screen is drawn. A blank one keeps 100%, or
 * the first node drawn would fill the screen.
 */
export function openingView(
  document: WorkflowDocument,
  pane: PaneSize,
): { fit: boolean; viewport?: Viewport } {
  if (document.nodes.length === 0) return { fit: false }
  const bounds = boundsOf(document)
  if (fitZoom(bounds, pane) >= readableZoom) return { fit: true }
  const top = document.lanes.length > 0 ? Math.min(0, bounds.top) : bounds.top
  return {
    fit: false,
    viewport: { x: laneNamesWidth - bounds.left * openingZoom, y: 20 - top * openingZoom, zoom: openingZoom },
  }
}

interface Bounds {
  left: number
  top: number
  right: number
  bottom: number
}

function fitZoom({ left, top, right, bottom }: Bounds, pane: PaneSize): number {
  const usable = 1 - 2 * fitPadding
  return Math.min((pane.width * usable) / (right - left), (pane.height * usable) / (bottom - top))
}

function boundsOf(document: WorkflowDocument): Bounds {
  let left = Infinity
  let top = Infinity
  let right = -Infinity
  let bottom = -Infinity
  for (const node of document.nodes) {
    const size = nodeSizes[node.type]
    left = Math.min(left, node.position.x)
    top = Math.min(top, node.position.y)
    right = Math.max(right, node.position.x + size.width)
    bottom = Math.max(bottom, node.position.y + size.height)
  }
  return { left, top, right, bottom }
}
