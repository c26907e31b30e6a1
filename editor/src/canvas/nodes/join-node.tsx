import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo } from 'react'
import type { WorkflowFlowNode } from '../flow-types'
import { NodeFrame } from './node-frame'

/** A join waits for every branch of its fork: many ways in, one way out. */
function JoinNodeView({ data, selected, isConnectable }: NodeProps<WorkflowFlowNode>) {
  return (
    <NodeFrame
      {...data}
      selected={selected}
      className="flow-node--bar"
      handles={
        <>
          <Handle type="target" position={Position.Left} isConnectable={isConnectable} />
          <Handle type="source" position={Position.Right} isConnectable={isConnectable} />
        </>
      }
    />
  )
}

export const JoinNode = memo(JoinNodeView)
