import type { NodeProps } from '@xyflow/react'
import { memo, useState } from 'react'
import { useCanvasActions } from '../canvas-actions'
import type { LaneFlowNode } from '../flow-types'

/** A swimlane: a named horizontal band behind the nodes. Rename in place. */
function LaneNodeView({ data }: NodeProps<LaneFlowNode>) {
  const { apply } = useCanvasActions()
  const [editing, setEditing] = useState(false)
  return (
    <div className="lane" style={{ width: data.width }}>
      <div className="lane__header nodrag">
        {editing ? (
          <input
            className="lane__name-input"
            aria-label={`Lane name (${data.name})`}
            defaultValue={data.name}
            autoFocus
            onBlur={(event) => {
              const name = event.currentTarget.value.trim()
              if (name && name !== data.name) apply({ type: 'updateLane', id: data.laneId, patch: { name } })
              setEditing(false)
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') event.currentTarget.blur()
              if (event.key === 'Escape') setEditing(false)
            }}
          />
        ) : (
          <button
            type="button"
            className="lane__name"
            aria-label={`Lane ${data.name}, rename`}
            onClick={() => setEditing(true)}
          >
            {data.name}
          </button>
        )}
        <span className="lane__kind">{data.kind}</span>
      </div>
    </div>
  )
}

export const LaneNode = memo(LaneNodeView)
