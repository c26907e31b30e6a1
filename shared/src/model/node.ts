import { z } from 'zod'
import { DecisionData } from '../kinds/decision/schema'
import { EndData } from '../kinds/end/schema'
import { ExceptionData } from '../kinds/exception/schema'
import { ForkData } from '../kinds/fork/schema'
import { JoinData } from '../kinds/join/schema'
import { NoteData } from '../kinds/note/schema'
import { StepData } from '../kinds/step/schema'
import { TriggerData } from '../kinds/trigger/schema'
import { Id, Position } from './common'

/**
 * The data schema of each node kind, in the order kinds are offered: the one list of kinds that
 * the document format knows. Everything else about a kind is in its folder under `kinds/` and
 * in the kind registry (`kinds/index.ts`).
 */
export const nodeDataSchemas = {
  trigger: TriggerData,
  step: StepData,
  decision: DecisionData,
  exception: ExceptionData,
  fork: ForkData,
  join: JoinData,
  end: EndData,
  note: NoteData,
}
type NodeDataSchemas = typeof nodeDataSchemas

export type NodeKind = keyof NodeDataSchemas
export const nodeKinds = Object.keys(nodeDataSchemas) as [NodeKind, ...NodeKind[]]
export const NodeKind = z.enum(nodeKinds)

const nodeOf = <K extends NodeKind>(type: K) =>
  z
    .object({
      id: Id,
      type: z.literal(type),
      position: Position,
      data: nodeDataSchemas[type] as NodeDataSchemas[K],
      /** React Flow sizing, kept so the canvas round-trips. */
      width: z.number().optional(),
      height: z.number().optional(),
    })
    .strict()
type NodeSchema = { [K in NodeKind]: ReturnType<typeof nodeOf<K>> }[NodeKind]

export const WorkflowNode = z.discriminatedUnion(
  'type',
  nodeKinds.map(nodeOf) as [NodeSchema, ...NodeSchema[]],
)
export type WorkflowNode = z.infer<typeof WorkflowNode>
export type NodeOfKind<K extends NodeKind> = Extract<WorkflowNode, { type: K }>
