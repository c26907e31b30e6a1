import type { NodeProps } from '@xyflow/react'
import { memo } from 'react'
import type { WorkflowFlowNode } from '../../canvas/flow-types'
import { NodeFrame } from '../../canvas/nodes/node-frame'
import { noteFacts } from './note'
import './note-node.css'

/** A remark for the people reading the diagram: its name and description, and nothing to connect. */
function NoteNodeView({ data, selected }: NodeProps<WorkflowFlowNode>) {
  const { node } = data
  return (
    <NodeFrame {...data} icon={noteFacts.icon} selected={selected} handles={null}>
      {node.data.description ? <div className="flow-node__detail">{node.data.description}</div> : null}
    </NodeFrame>
  )
}

export const NoteNode = memo(NoteNodeView)
