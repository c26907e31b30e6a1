import type { NodeProps } from '@xyflow/react'
import { memo } from 'react'
import type { WorkflowFlowNode } from '../../canvas/flow-types'
import { ExitHandle } from '../../canvas/nodes/exit-handle'
import { NodeFrame } from '../../canvas/nodes/node-frame'
import { triggerFacts } from './trigger'

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
      icon={triggerFacts.icon}
      selected={selected}
      handles={<ExitHandle nodeId={node.id} nodeLabel={node.data.label} isConnectable={isConnectable} />}
    >
      <div className="flow-node__detail">{startLabels[node.data.start.kind]}</div>
    </NodeFrame>
  )
}

export const TriggerNode = memo(TriggerNodeView)
