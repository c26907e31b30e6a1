import { useStore, type ReactFlowState } from '@xyflow/react'

/** The smallest on-screen text size, in pixels, that people read without leaning in. */
export const legibleTextSize = 11
/** The name's font size in a node drawn in full, and in its compact form (flow pixels, see `canvas.css`). */
export const nameSize = { detail: 14, compact: 32 } as const

/** At or above this zoom a node is drawn in full: its name, mode, badges and problems all read. */
export const detailZoom = legibleTextSize / nameSize.detail
/**
 * Down to this zoom a node's compact form (its name alone, enlarged) still reads; fit view and
 * opening the diagram never go below it.
 */
export const legibleZoom = Math.ceil((legibleTextSize / nameSize.compact) * 100) / 100
/** Below this zoom no name could be read at any size a node holds: nodes are plain shapes. */
export const shapeZoom = 0.2
/** Below this zoom edges drop their labels, which would cover each other. */
export const edgeLabelZoom = 0.45

/** How much of a node is drawn at a zoom: everything, its name enlarged (compact), or its shape. */
export type ZoomLevel = 'detail' | 'compact' | 'shape'

export function zoomLevel(zoom: number): ZoomLevel {
  if (zoom >= detailZoom) return 'detail'
  return zoom >= shapeZoom ? 'compact' : 'shape'
}

const levelOf = (state: ReactFlowState) => zoomLevel(state.transform[2])
const edgeLabelsHidden = (state: ReactFlowState) => state.transform[2] < edgeLabelZoom

/**
 * The zoom level, read from React Flow's store: a component using it re-renders only when the
 * level changes, never on each step of a zoom.
 */
export function useZoomLevel(): ZoomLevel {
  return useStore(levelOf)
}

export function useEdgeLabelsHidden(): boolean {
  return useStore(edgeLabelsHidden)
}
