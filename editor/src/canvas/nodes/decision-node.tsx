import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo } from 'react'
import type { WorkflowFlowNode } from '../flow-types'
import { ExitHandle } from './exit-handle'
import { NodeFrame } from './node-frame'

const decidedByLabels = {
  rule: 'Decided by rule',
  assistant: 'Assistant recommends',
  person: 'A person decides',
}

/** Each branch is its own source handle, named beside it, so an edge always says which answer it carries. */
function DecisionNodeView({ data, selected, isConnectable }: NodeProps<WorkflowFlowNode>) {
  const { node } = data
  if (node.type !== 'decision') return null
  const { branches } = node.data
  return (
    <NodeFrame
      {...data}
      selected={selected}
      handles={
        <>
          <Handle type="target" position={Position.Left} isConnectable={isConnectable} />
          {branches.map((branch, index) => (
            <ExitHandle
              key={branch.id}
              nodeId={node.id}
              nodeLabel={node.data.label}
              branch={branch}
              isConnectable={isConnectable}
              style={{ top: `${((index + 1) / (branches.length + 1)) * 100}%` }}
              title={`Branch: ${branch.label}`}
            />
          ))}
        </>
      }
    >
      <div className="flow-node__detail">{decidedByLabels[node.data.decidedBy]}</div>
    </NodeFrame>
  )
}

export const DecisionNode = memo(DecisionNodeView)
