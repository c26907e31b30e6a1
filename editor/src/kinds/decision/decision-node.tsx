import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo } from 'react'
import type { WorkflowFlowNode } from '../../canvas/flow-types'
import { ExitHandle } from '../../canvas/nodes/exit-handle'
import { NodeFrame } from '../../canvas/nodes/node-frame'
import { exitSpot } from '../editor-kind'
import { decisionFacts } from './decision'

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
      icon={decisionFacts.icon}
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
              style={{ top: `${exitSpot(index, branches.length) * 100}%` }}
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
