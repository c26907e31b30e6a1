import { z } from 'zod'
import { Id } from '../../model/common'
import { Form } from '../../model/form'

/**
 * Who does a step's work by hand when its outside service or its assistant cannot (an outage, a
 * tripped circuit breaker, an operator's switch): their lane, and the form they fill, whose answers
 * become the step's result. Without a form, people fill the step's own form (an assisted step's)
 * or one field per field the step's result is known to hold.
 */
export const StepFallback = z.object({ lane: Id, form: Form.optional() }).strict()
export type StepFallback = z.infer<typeof StepFallback>

export const defaultFailuresInARow = 5

/**
 * The document's circuit breaker: how many failures in a row of a step's outside service (visits
 * whose call failed for good, after its retries) or assistant switch that step to manual.
 */
export const CircuitBreaker = z
  .object({ failuresInARow: z.number().int().min(1).max(1000).default(defaultFailuresInARow) })
  .strict()
export type CircuitBreaker = z.infer<typeof CircuitBreaker>

/** The fallback as deployed: the lane and the form, every default filled in. */
export interface FallbackManifest {
  lane?: string
  form: Form
}

/** A step that calls an outside service or the assistant: the steps an outage can stop. */
export function callsOutside(data: { mode: string; automate?: { connector: { kind: string } } }): boolean {
  return data.mode === 'augment' || (data.mode === 'automate' && data.automate?.connector.kind === 'http')
}
