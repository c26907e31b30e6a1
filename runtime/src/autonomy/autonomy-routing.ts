import { createHash } from 'node:crypto'
import type { AutonomyLevel, BelowThreshold } from '@conveyor/shared'
import type { Suggestion } from '../service/types'

/** The autonomy a visit runs under: the level and threshold in force, the rest from its deployment. */
export interface AutonomyInForce {
  level: AutonomyLevel
  threshold: number
  sampleShare: number
  belowThreshold: BelowThreshold
}

/** What becomes of one suggestion. */
export type SuggestionRoute =
  | { kind: 'apply' }
  /** A person reviews it: every suggestion at `suggest`, a sampled share above it. */
  | { kind: 'review'; sampled: boolean }
  /** Below the threshold: a task, prefilled or not, in the step's lane or another. */
  | { kind: 'unsure'; prefill: boolean; lane?: string }

/**
 * Whether this visit is one of the sampled share that still goes to people. Deterministic per
 * instance, step and visit, so a restart or a retry samples the same visits.
 */
export function isSampled(key: string, share: number): boolean {
  const position = createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32
  return position < share
}

/**
 * At `suggest` every suggestion goes to a person. At `auto-apply` one whose confidence reaches the
 * threshold is applied (unless sampled), the rest are unsure. At `automate` every suggestion is
 * applied unless sampled. A suggestion without a confidence never reaches a threshold.
 */
export function routeSuggestion(
  autonomy: AutonomyInForce,
  suggestion: Pick<Suggestion, 'confidence'>,
  sampleKey: string,
): SuggestionRoute {
  const confident = (suggestion.confidence ?? 0) >= autonomy.threshold
  if (autonomy.level !== 'automate' && !confident) {
    const below = autonomy.belowThreshold
    if (typeof below === 'object') return { kind: 'unsure', prefill: true, lane: below.lane }
    if (below === 'no-prefill') return { kind: 'unsure', prefill: false }
  }
  if (autonomy.level === 'suggest') return { kind: 'review', sampled: false }
  if (autonomy.level === 'auto-apply' && !confident) return { kind: 'review', sampled: false }
  if (isSampled(sampleKey, autonomy.sampleShare)) return { kind: 'review', sampled: true }
  return { kind: 'apply' }
}
