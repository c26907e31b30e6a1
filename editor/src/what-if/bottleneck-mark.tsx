import { useInternalNode, useStore, ViewportPortal, type ReactFlowState } from '@xyflow/react'
import { laneGutter } from '../doc/geometry'

const zoomOf = (state: ReactFlowState) => state.transform[2]
/** The label's size on screen, in pixels, at every zoom. */
const labelPixels = 13

/**
 * A mark over the bottleneck lane's band on the canvas, named for assistive technology: drawn in
 * the diagram's own coordinates, so it stays on the band as people pan and zoom.
 */
export function BottleneckMark({ laneId, name }: { laneId: string; name: string }) {
  // Lane bands are React Flow nodes named after their lane (see canvas/use-flow-elements.ts).
  const band = useInternalNode(`lane:${laneId}`)
  // The band scales with the diagram; its label is divided by the zoom so it reads at every zoom.
  const zoom = useStore(zoomOf)
  if (!band) return null
  const { x, y } = band.internals.positionAbsolute
  return (
    <ViewportPortal>
      <div
        role="note"
        aria-label={`Bottleneck: ${name}`}
        className="bottleneck-mark"
        style={{ transform: `translate(${x}px, ${y}px)`, width: band.width, height: band.height }}
      >
        <span
          className="bottleneck-mark__label"
          aria-hidden="true"
          style={{
            left: laneGutter + 8 / zoom,
            top: 4 / zoom,
            fontSize: labelPixels / zoom,
            padding: `${1 / zoom}px ${6 / zoom}px`,
            borderRadius: 3 / zoom,
          }}
        >
          Bottleneck
        </span>
      </div>
    </ViewportPortal>
  )
}
