import { startsFlow, type WorkflowDocument } from '@conveyor/shared'
import type { FitViewOptions, Viewport } from '@xyflow/react'
import { nodeSize } from '../doc/geometry'
import { laneLayout, lanePadding } from '../doc/lane-bands'
import { detailZoom, legibleZoom } from './zoom-levels'

/** The smallest zoom a diagram is fitted at: below it, names would be too small to read. */
export const readableZoom = legibleZoom
/** Past this many nodes a diagram opens closer in, in full detail: fewer nodes drawn open faster. */
const bigDiagram = 300
export const fitPadding = 0.1
/** Room at the pane's left for the pinned lane names. */
export const laneNamesWidth = 140

export interface PaneSize {
  width: number
  height: number
}

/**
 * How a diagram is shown when opened or fitted: fitted to the pane when it fits at a readable
 * zoom; otherwise at a readable zoom (`zoom`) from where the flow starts, its triggers, at the
 * top left (fit view then shows as much as reads). That also keeps big diagrams fast to open:
 * only what is on screen is drawn. A blank one keeps 100%, or the first node drawn would fill the
 * screen.
 */
export function openingView(
  document: WorkflowDocument,
  pane: PaneSize,
  zoom = document.nodes.length > bigDiagram ? Math.max(0.8, detailZoom) : readableZoom,
): { fit: boolean; viewport?: Viewport } {
  if (document.nodes.length === 0) return { fit: false }
  const { moved } = laneLayout(document)
  const drawn = document.nodes.map((node) => ({ ...node, position: moved.get(node.id) ?? node.position }))
  if (fitZoom(boundsOf(drawn), pane) >= readableZoom) return { fit: true }
  const triggers = drawn.filter((node) => startsFlow(node.type))
  const start = boundsOf(triggers.length > 0 ? triggers : drawn)
  const top = start.top - lanePadding
  return {
    fit: false,
    viewport: { x: laneNamesWidth - start.left * zoom, y: 20 - top * zoom, zoom },
  }
}

/** Fitting shows the workflow's nodes (not the lanes' full width), never below a readable zoom. */
export function fitViewOptions(nodes: WorkflowDocument['nodes']): FitViewOptions {
  return {
    nodes: nodes.map((node) => ({ id: node.id })),
    padding: fitPadding,
    minZoom: readableZoom,
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

function boundsOf(nodes: WorkflowDocument['nodes']): Bounds {
  let left = Infinity
  let top = Infinity
  let right = -Infinity
  let bottom = -Infinity
  for (const node of nodes) {
    const size = nodeSize(node.type)
    left = Math.min(left, node.position.x)
    top = Math.min(top, node.position.y)
    right = Math.max(right, node.position.x + size.width)
    bottom = Math.max(bottom, node.position.y + size.height)
  }
  return { left, top, right, bottom }
}
