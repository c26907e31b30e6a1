import type { WorkflowDocument } from '@conveyor/shared'
import type { Viewport } from '@xyflow/react'
import { nodeSizes } from '../doc/geometry'

/** Up to this many nodes a diagram opens fitted to the screen; past it, text would be unreadable. */
export const fitOnOpenLimit = 300
const openingZoom = 0.8

/**
 * How a diagram opens: a small one fitted to the screen; a big one at a readable zoom with its
 * first trigger at the left, so only what is on screen is drawn (Fit view shows the whole).
 * A blank one keeps 100%, or the first node drawn would fill the screen.
 */
export function openingView(
  document: WorkflowDocument,
  paneHeight: number,
): { fit: boolean; viewport?: Viewport } {
  if (document.nodes.length === 0) return { fit: false }
  if (document.nodes.length <= fitOnOpenLimit) return { fit: true }
  const start = document.nodes.find((node) => node.type === 'trigger') ?? document.nodes[0]!
  const centreY = start.position.y + nodeSizes[start.type].height / 2
  return {
    fit: false,
    viewport: {
      x: 60 - start.position.x * openingZoom,
      y: paneHeight / 2 - centreY * openingZoom,
      zoom: openingZoom,
    },
  }
}
