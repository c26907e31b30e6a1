import { z } from 'zod'
import { CircuitBreaker } from '../kinds/step/fallback'
import { Id } from './common'
import { WorkflowEdge } from './edge'
import { WorkflowNode } from './node'

export const currentSchemaVersion = 1 as const

export const Lane = z
  .object({
    id: Id,
    name: z.string().min(1).max(200),
    kind: z.enum(['role', 'team', 'system']).default('role'),
    description: z.string().optional(),
  })
  .strict()
export type Lane = z.infer<typeof Lane>

export const Target = z
  .object({
    /** e.g. "cost per order", "cycle time", "automation coverage". */
    metric: z.string().min(1),
    /** e.g. "cut 10–15%", "under 2 days". */
    goal: z.string().min(1),
  })
  .strict()
export type Target = z.infer<typeof Target>

export const WorkflowDocument = z
  .object({
    schemaVersion: z.literal(currentSchemaVersion),
    id: Id,
    name: z.string().min(1).max(200),
    description: z.string().max(10_000).optional(),
    owner: z.string().max(200).optional(),
    valueStream: z.string().max(200).optional(),
    targets: z.array(Target).default([]),
    lanes: z.array(Lane).default([]),
    /**
     * Whether a deploy waits for a second person's approval (four eyes). Left out, it follows
     * what the workflow does: on when a step calls a service outside the runtime (see
     * `deploysNeedApproval`).
     */
    deploysNeedApproval: z.boolean().optional(),
    nodes: z.array(WorkflowNode),
    edges: z.array(WorkflowEdge),
    /** When a step that calls an outside service or the assistant switches itself to manual. */
    circuitBreaker: CircuitBreaker.optional(),
  })
  .strict()
export type WorkflowDocument = z.infer<typeof WorkflowDocument>
/** A document as written in a file: defaults may be left out. */
export type WorkflowDocumentInput = z.input<typeof WorkflowDocument>
