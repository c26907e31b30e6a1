import { z } from 'zod'
import { Id, NodeBase } from '../../model/common'

export const ExceptionOn = z.enum(['error', 'timeout', 'rejection'])
export type ExceptionOn = z.infer<typeof ExceptionOn>

/**
 * Attached to a step (like a boundary event): when the step fails (retries exhausted), times out
 * (connector timeout or SLA breach) or is rejected by a person, the instance leaves the step
 * through this node's outgoing edges.
 */
export const ExceptionData = z
  .object({
    ...NodeBase,
    attachedTo: Id,
    on: ExceptionOn,
    /**
     * What the path drawn from here does, for the people reading the map: `manual-fallback` says
     * someone does this one item by hand. It does not act at run time; a step's outage fallback
     * (its work going to people while its service or assistant cannot) is the step's `fallback`.
     */
    handling: z.enum(['manual-fallback', 'escalation', 'compensation', 'notify']).optional(),
  })
  .strict()
export type ExceptionData = z.infer<typeof ExceptionData>
