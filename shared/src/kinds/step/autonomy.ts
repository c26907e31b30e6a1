import { z } from 'zod'
import { Id } from '../../model/common'

/**
 * How far an augment step's suggestions are trusted: `suggest` (a person accepts, edits or
 * overrides every one), `auto-apply` (a suggestion at or above the threshold is applied without a
 * person, except a sampled share that still goes to people so accuracy stays measured), `automate`
 * (every suggestion is applied without a person).
 */
export const AutonomyLevel = z.enum(['suggest', 'auto-apply', 'automate'])
export type AutonomyLevel = z.infer<typeof AutonomyLevel>

const Share = z.number().min(0).max(1)
const Count = z.int().min(1).max(10_000)

/** What a task gets when the suggestion's confidence is below the threshold. */
export const BelowThreshold = z.union([z.enum(['prefill', 'no-prefill']), z.object({ lane: Id }).strict()])
export type BelowThreshold = z.infer<typeof BelowThreshold>

/**
 * The document's defaults for a step's autonomy. What holds at run time is the runtime's policy:
 * an owner may change the level and threshold without a redeploy, and the runtime proposes
 * promotions and demotes on the figures below.
 */
export const StepAutonomy = z
  .object({
    level: AutonomyLevel.optional(),
    /** The confidence (0..1) at or above which a suggestion is applied without a person. */
    threshold: Share.optional(),
    /** The share (0..1) of confident suggestions that still go to people at `auto-apply`. */
    sampleShare: Share.optional(),
    belowThreshold: BelowThreshold.optional(),
    /** Promotion is proposed when accuracy over the last `minReviewed` reviews reaches `accuracy`. */
    promotion: z.object({ accuracy: Share, minReviewed: Count }).strict().optional(),
    /**
     * Demoted at once when accuracy over the same window falls below `accuracy`, or when
     * `overrides` of the last `ofSampled` sampled reviews since the level was set are overrides.
     */
    demotion: z.object({ accuracy: Share, overrides: Count, ofSampled: Count }).strict().optional(),
  })
  .strict()
export type StepAutonomy = z.infer<typeof StepAutonomy>

/** Every setting filled in: what a deployment's manifest carries. */
export type ResolvedAutonomy = Required<StepAutonomy>

export const autonomyDefaults: ResolvedAutonomy = {
  level: 'suggest',
  threshold: 0.9,
  sampleShare: 0.1,
  belowThreshold: 'prefill',
  promotion: { accuracy: 0.95, minReviewed: 50 },
  demotion: { accuracy: 0.8, overrides: 3, ofSampled: 5 },
}

export function resolveAutonomy(autonomy: StepAutonomy | undefined): ResolvedAutonomy {
  return { ...autonomyDefaults, ...autonomy }
}
