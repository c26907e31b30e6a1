import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo } from 'react'
import { useReadOnly } from '../../app/read-only'
import { exceptionHandle } from '../../doc/connection-rules'
import { useCanvasActions } from '../../canvas/canvas-actions'
import type { WorkflowFlowNode } from '../../canvas/flow-types'
import { modePresentation, nextMode } from './step-modes'
import { ExitHandle } from '../../canvas/nodes/exit-handle'
import { NodeFrame } from '../../canvas/nodes/node-frame'
import { stepFacts } from './step'

function StepNodeView({ data, selected, isConnectable }: NodeProps<WorkflowFlowNode>) {
  const { apply } = useCanvasActions()
  const readOnly = useReadOnly()
  const { node } = data
  if (node.type !== 'step') return null
  const mode = modePresentation[node.data.mode]
  const next = modePresentation[nextMode(node.data.mode)]
  return (
    <NodeFrame
      {...data}
      icon={stepFacts.icon}
      selected={selected}
      className={`mode--${node.data.mode}`}
      handles={
        <>
          <Handle type="target" position={Position.Left} isConnectable={isConnectable} />
          <ExitHandle nodeId={node.id} nodeLabel={node.data.label} isConnectable={isConnectable} />
          <Handle
            type="source"
            id={exceptionHandle}
            position={Position.Bottom}
            className="handle--exception"
            isConnectable={isConnectable}
            title="Drag to add an exception path"
          />
        </>
      }
    >
      {readOnly ? (
        <span className="mode-toggle" title={`${mode.label}: ${mode.hint}`}>
          <span aria-hidden="true">{mode.icon}</span> {mode.label}
        </span>
      ) : (
        <button
          type="button"
          className="mode-toggle nodrag"
          aria-label={`Mode: ${mode.label.toLowerCase()}, switch`}
          title={`${mode.label}: ${mode.hint}. Click to switch to ${next.label.toLowerCase()}.`}
          onClick={(event) => {
            event.stopPropagation()
            apply({ type: 'setStepMode', id: node.id, mode: nextMode(node.data.mode) })
          }}
        >
          <span aria-hidden="true">{mode.icon}</span> {mode.label}
        </button>
      )}
      {node.data.sla ? <div className="flow-node__detail">Due within {node.data.sla.within}</div> : null}
    </NodeFrame>
  )
}

export const StepNode = memo(StepNodeView)
