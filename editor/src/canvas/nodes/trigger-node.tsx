import type { NodeProps } from '@xyflow/react'
import { memo } from 'react'
import type { WorkflowFlowNode } from '../flow-types'
import { ExitHandle } from './exit-handle'
import { NodeFrame } from './node-frame'

const startLabels = {
  manual: 'Started by hand',
  webhook: 'Webhook',
  schedule: 'On a schedule',
  event: 'On an event',
}

function TriggerNodeView({ data, selected, isConnectable }: NodeProps<WorkflowFlowNode>) {
  const { node } = data
  if (node.type !== 'trigger') return null
  return (
    <NodeFrame
      {...data}
      selected={selected}
      handles={<ExitHandle nodeId={node.id} nodeLabel={node.data.label} isConnectable={isConnectable} />}
    >
      <div className="flow-node__detail">{startLabels[node.data.start.kind]}</div>
    </NodeFrame>
  )
}

export const TriggerNode = memo(TriggerNodeView)
