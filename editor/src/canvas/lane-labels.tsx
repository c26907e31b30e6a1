import type { Lane } from '@conveyor/shared'
import { useStore, type ReactFlowState } from '@xyflow/react'
import { useState } from 'react'
import { useReadOnly } from '../app/read-only'
import { laneGutter } from '../doc/geometry'
import type { Band } from '../doc/lane-bands'
import { useCanvasActions } from './canvas-actions'
import { shapeZoom } from './zoom-levels'

const viewport = (state: ReactFlowState) => state.transform

function LaneLabel({ lane }: { lane: Lane }) {
  const { apply } = useCanvasActions()
  const readOnly = useReadOnly()
  const [editing, setEditing] = useState(false)
  const title = (
    <>
      {lane.name} <span className="lane-label__kind">{lane.kind}</span>
    </>
  )
  if (readOnly) return <span className="lane-label__name">{title}</span>
  if (editing) {
    return (
      <input
        className="lane-label__input"
        aria-label={`Lane name (${lane.name})`}
        defaultValue={lane.name}
        autoFocus
        // The old name starts selected: typing replaces it, arrows keep it to edit.
        onFocus={(event) => event.currentTarget.select()}
        onBlur={(event) => {
          const name = event.currentTarget.value.trim()
          if (name && name !== lane.name) apply({ type: 'updateLane', id: lane.id, patch: { name } })
          setEditing(false)
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.currentTarget.blur()
          if (event.key === 'Escape') setEditing(false)
        }}
      />
    )
  }
  return (
    <button
      type="button"
      className="lane-label__name"
      // The name holds the visible text (name and kind), so speaking it selects the button.
      aria-label={`Lane ${lane.name} ${lane.kind}, rename`}
      onClick={() => setEditing(true)}
    >
      {title}
    </button>
  )
}

/**
 * Lane names pinned to the left edge of the canvas, beside their bands wherever the view is
 * panned: people must always see whose lane a node is in.
 */
export function LaneLabels({ lanes, bands }: { lanes: Lane[]; bands: Band[] }) {
  const [x, y, zoom] = useStore(viewport)
  if (lanes.length === 0 || zoom < shapeZoom) return null
  // In the gutter left of the bands; pinned to the canvas edge once the gutter is panned away.
  const left = Math.max(0, x - laneGutter * zoom)
  const width = Math.min(130, (laneGutter - 16) * zoom)
  return (
    <div className="lane-labels">
      {bands.map((band, index) => {
        const lane = lanes[index]
        if (lane?.id !== band.laneId) return null
        return (
          <div
            key={lane.id}
            className="lane-label"
            style={{ left, width, top: y + band.top * zoom, height: (band.bottom - band.top) * zoom }}
          >
            <LaneLabel lane={lane} />
          </div>
        )
      })}
    </div>
  )
}
