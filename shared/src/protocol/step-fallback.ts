/**
 * Whether a step that calls an outside service or the assistant runs automatically or is done by
 * hand in its fallback lane, and its circuit breaker's count. Runtime policy: it holds for the
 * workflow's step (by node id) in every deployment.
 */
export interface StepFallbackView {
  workflowId: string
  nodeId: string
  manual: boolean
  /** When it was switched to its current position, by whom (`system` for the breaker), and why. */
  since: string | null
  by: string | null
  reason: string | null
  /** Failed calls in a row since the last success (or since it was last switched back). */
  failuresInARow: number
  /** How many failed calls in a row switch it to manual, per the latest deployment. */
  breakAfter: number
  /** The lane that does the work by hand, per the latest deployment. */
  lane: string | null
}
