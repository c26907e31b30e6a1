import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo } from 'react'
import type { WorkflowFlowNode } from '../../canvas/flow-types'
import { NodeFrame } from '../../canvas/nodes/node-frame'
import { endFacts } from './end'

const outcomeLabels = {
  completed: 'Completed',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  failed: 'Failed',
}

function EndNodeView({ data, selected, isConnectable }: NodeProps<WorkflowFlowNode>) {
  const { node } = data
  if (node.type !== 'end') return null
  return (
    <NodeFrame
      {...data}
      icon={endFacts.icon}
      selected={selected}
      className={`outcome--${node.data.outcome}`}
      handles={<Handle type="target" position={Position.Left} isConnectable={isConnectable} />}
    >
      <div className="flow-node__detail">{outcomeLabels[node.data.outcome]}</div>
    </NodeFrame>
  )
}

export const EndNode = memo(EndNodeView)
