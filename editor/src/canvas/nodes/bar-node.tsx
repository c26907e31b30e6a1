import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo } from 'react'
import type { WorkflowFlowNode } from '../flow-types'
import { ExitHandle } from './exit-handle'
import { NodeFrame } from './node-frame'

/**
 * Forks and joins share one bar shape: a fork starts parallel work (every outgoing edge a
 * branch), a join waits for every branch of its fork. Their icon and name tell them apart.
 */
export function barNode(icon: string) {
  function BarNodeView({ data, selected, isConnectable }: NodeProps<WorkflowFlowNode>) {
    return (
      <NodeFrame
        {...data}
        icon={icon}
        selected={selected}
        className="flow-node--bar"
        handles={
          <>
            <Handle type="target" position={Position.Left} isConnectable={isConnectable} />
            <ExitHandle
              nodeId={data.node.id}
              nodeLabel={data.node.data.label}
              isConnectable={isConnectable}
            />
          </>
        }
      />
    )
  }
  return memo(BarNodeView)
}
