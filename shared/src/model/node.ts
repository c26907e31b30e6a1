import { z } from 'zod'
import { Id, Position } from './common'
import { DecisionData } from './nodes/decision'
import { EndData } from './nodes/end'
import { ExceptionData } from './nodes/exception'
import { ForkData, JoinData } from './nodes/fork-join'
import { StepData } from './nodes/step'
import { TriggerData } from './nodes/trigger'

export const nodeKinds = ['trigger', 'step', 'decision', 'exception', 'fork', 'join', 'end'] as const
export const NodeKind = z.enum(nodeKinds)
export type NodeKind = z.infer<typeof NodeKind>

/** The data schema of each node kind; a missing kind fails the type check. */
export const nodeDataSchemas = {
  trigger: TriggerData,
  step: StepData,
  decision: DecisionData,
  exception: ExceptionData,
  fork: ForkData,
  join: JoinData,
  end: EndData,
} satisfies Record<NodeKind, z.ZodType>

const nodeOf = <K extends NodeKind>(type: K) =>
  z
    .object({
      id: Id,
      type: z.literal(type),
      position: Position,
      data: nodeDataSchemas[type],
      /** React Flow sizing, kept so the canvas round-trips. */
      width: z.number().optional(),
      height: z.number().optional(),
    })
    .strict()

export const TriggerNode = nodeOf('trigger')
export const StepNode = nodeOf('step')
export const DecisionNode = nodeOf('decision')
export const ExceptionNode = nodeOf('exception')
export const ForkNode = nodeOf('fork')
export const JoinNode = nodeOf('join')
export const EndNode = nodeOf('end')

export const WorkflowNode = z.discriminatedUnion('type', [
  TriggerNode,
  StepNode,
  DecisionNode,
  ExceptionNode,
  ForkNode,
  JoinNode,
  EndNode,
])
export type WorkflowNode = z.infer<typeof WorkflowNode>
export type NodeOfKind<K extends NodeKind> = Extract<WorkflowNode, { type: K }>
