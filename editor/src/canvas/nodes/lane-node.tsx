import type { NodeProps } from '@xyflow/react'
import { memo } from 'react'
import type { LaneFlowNode } from '../flow-types'

/** A swimlane's band behind the nodes; its name is drawn by `LaneLabels`, always in view. */
function LaneNodeView({ data }: NodeProps<LaneFlowNode>) {
  return <div className="lane" style={{ width: data.width }} />
}

export const LaneNode = memo(LaneNodeView)
