/**
 * Pilots: a new deployment that takes only a share (or a segment) of new instances while the rest
 * stay on the current version, compared with it on guardrails and rolled back at once when one is
 * breached. Runtime policy, stored and audited by the runtime.
 */

/** What a guardrail measures over the items (instances) that ended on one version. */
export type GuardrailMetric = 'errorRate' | 'overrideRate' | 'leadTimeP90' | 'slaBreachRate' | 'fallbackRate'

export const guardrailMetrics = [
  'errorRate',
  'overrideRate',
  'leadTimeP90',
  'slaBreachRate',
  'fallbackRate',
] as const satisfies readonly GuardrailMetric[]

/**
 * A limit on one metric of the pilot: an absolute `max`, or `maxVsBaseline`, a ratio of the
 * baseline's value (1.2: at most 20% worse). Exactly one of the two.
 */
export interface Guardrail {
  metric: GuardrailMetric
  max?: number
  maxVsBaseline?: number
}

/** How a deploy asks for a pilot: exactly one of `share` and `segment`. */
export interface PilotSettings {
  /** The share (0..1) of new instances that go to the pilot, chosen per instance. */
  share?: number
  /** A JSONata expression over the start input: the instances for which it is `true` go to the pilot. */
  segment?: string
  guardrails: Guardrail[]
  /** How many pilot items must have ended before a breach rolls the pilot back (default 20). */
  minItems?: number
  /** When the pilot ends without promotion (ISO time). */
  until?: string
}

export const defaultPilotMinItems = 20

export type PilotState = 'running' | 'rolled-back' | 'promoted' | 'ended'

/** One version's figure for a guardrail: null while no item ended. */
export interface GuardrailFigure {
  value: number | null
  /** The items (instances) that ended on the version and were measured. */
  items: number
}

export interface GuardrailComparison {
  metric: GuardrailMetric
  max?: number
  maxVsBaseline?: number
  pilot: GuardrailFigure
  baseline: GuardrailFigure
  /** The pilot's figure is over the limit (a rollback also waits for `minItems` pilot items). */
  breached: boolean
}

export interface PilotView {
  /** The pilot's deployment version. */
  version: number
  /** The version that was current when the pilot started, which the rest of new instances take. */
  baselineVersion: number
  share?: number
  segment?: string
  guardrails: Guardrail[]
  minItems: number
  until?: string
  state: PilotState
  startedAt: string
  startedBy: string
  endedAt?: string
  /** `system` when a breach rolled it back or `until` ended it. */
  endedBy?: string
  reason?: string
  /** Pilot against baseline (baseline instances started since the pilot started), per guardrail. */
  comparison: GuardrailComparison[]
}
