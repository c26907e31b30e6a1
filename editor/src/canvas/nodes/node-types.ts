import type { NodeKind } from '@conveyor/shared'
import type { NodeTypes } from '@xyflow/react'
import { BarNode } from './bar-node'
import { DecisionNode } from './decision-node'
import { EndNode } from './end-node'
import { ExceptionNode } from './exception-node'
import { LaneNode } from './lane-node'
import { StepNode } from './step-node'
import { TriggerNode } from './trigger-node'
import { NoteNode } from '../../kinds/note/note-node'

const workflowNodeTypes = {
  trigger: TriggerNode,
  step: StepNode,
  decision: DecisionNode,
  exception: ExceptionNode,
  fork: BarNode,
  join: BarNode,
  end: EndNode,
  note: NoteNode,
} satisfies Record<NodeKind, unknown>

export const nodeTypes: NodeTypes = { ...workflowNodeTypes, lane: LaneNode }
