import { z } from 'zod'
import { Id } from './common'

export const WorkflowEdge = z
  .object({
    id: Id,
    source: Id,
    target: Id,
    /** For edges leaving a decision: the branch id. */
    sourceHandle: z.string().nullish(),
    targetHandle: z.string().nullish(),
    data: z
      .object({ label: z.string().max(200).optional() })
      .strict()
      .optional(),
  })
  .strict()
export type WorkflowEdge = z.infer<typeof WorkflowEdge>
