import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo } from 'react'
import type { WorkflowFlowNode } from '../../canvas/flow-types'
import { ExitHandle } from '../../canvas/nodes/exit-handle'
import { NodeFrame } from '../../canvas/nodes/node-frame'
import { exceptionFacts } from './exception'

const onLabels = { error: 'When it fails', timeout: 'When it is late', rejection: 'When it is rejected' }

function ExceptionNodeView({ data, selected, isConnectable }: NodeProps<WorkflowFlowNode>) {
  const { node } = data
  if (node.type !== 'exception') return null
  return (
    <NodeFrame
      {...data}
      icon={exceptionFacts.icon}
      selected={selected}
      handles={
        <>
          <Handle type="target" position={Position.Top} isConnectable={isConnectable} />
          <ExitHandle nodeId={node.id} nodeLabel={node.data.label} isConnectable={isConnectable} />
        </>
      }
    >
      <div className="flow-node__detail">{onLabels[node.data.on]}</div>
    </NodeFrame>
  )
}

export const ExceptionNode = memo(ExceptionNodeView)
