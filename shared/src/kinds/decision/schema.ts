import { z } from 'zod'
import { CurrentStateFacts, Expression, Id, NodeBase, Sla } from '../../model/common'

export const Branch = z
  .object({
    /** Edges leave the decision through the handle of this id (edge.sourceHandle). */
    id: Id,
    label: z.string().min(1),
    /** JSONata over the instance data; branches are tried in order. */
    condition: Expression.optional(),
  })
  .strict()
export type Branch = z.infer<typeof Branch>

export const DecidedBy = z.enum(['rule', 'assistant', 'person'])
export type DecidedBy = z.infer<typeof DecidedBy>

export const DecisionData = z
  .object({
    ...NodeBase,
    /** rule: conditions decide; assistant: it recommends and a person confirms; person: a person picks. */
    decidedBy: DecidedBy.default('rule'),
    question: z.string().optional(),
    branches: z.array(Branch).min(1, 'a decision needs at least one branch'),
    /** The branch taken when no condition holds. */
    defaultBranch: Id.optional(),
    sla: Sla.optional(),
    facts: CurrentStateFacts.optional(),
  })
  .strict()
export type DecisionData = z.infer<typeof DecisionData>
