import { describe, expect, it } from 'vitest'
import { isSampled, routeSuggestion, type AutonomyInForce } from './autonomy-routing'

const at = (change: Partial<AutonomyInForce>): AutonomyInForce => ({
  level: 'auto-apply',
  threshold: 0.8,
  sampleShare: 0,
  belowThreshold: 'prefill',
  ...change,
})

describe('what becomes of a suggestion', () => {
  it('goes to a person at "suggest", whatever its confidence', () => {
    expect(routeSuggestion(at({ level: 'suggest' }), { confidence: 0.99 }, 'k')).toEqual({
      kind: 'review',
      sampled: false,
    })
  })

  it('is applied at "auto-apply" from the threshold up, and reviewed below it', () => {
    expect(routeSuggestion(at({}), { confidence: 0.8 }, 'k')).toEqual({ kind: 'apply' })
    expect(routeSuggestion(at({}), { confidence: 0.79 }, 'k')).toEqual({ kind: 'review', sampled: false })
    expect(routeSuggestion(at({}), {}, 'k')).toEqual({ kind: 'review', sampled: false })
  })

  it('below the threshold starts blank or goes to another lane, per the setting', () => {
    expect(routeSuggestion(at({ belowThreshold: 'no-prefill' }), { confidence: 0.5 }, 'k')).toEqual({
      kind: 'unsure',
      prefill: false,
    })
    expect(
      routeSuggestion(
        at({ level: 'suggest', belowThreshold: { lane: 'experts' } }),
        { confidence: 0.5 },
        'k',
      ),
    ).toEqual({ kind: 'unsure', prefill: true, lane: 'experts' })
  })

  it('is applied at "automate" whatever its confidence, except the sampled share', () => {
    expect(routeSuggestion(at({ level: 'automate' }), { confidence: 0.1 }, 'k')).toEqual({ kind: 'apply' })
    expect(routeSuggestion(at({ level: 'automate', sampleShare: 1 }), {}, 'k')).toEqual({
      kind: 'review',
      sampled: true,
    })
  })

  it('samples the same visits every time, close to the share over many', () => {
    const keys = Array.from({ length: 4_000 }, (_, n) => `instance-${n}:classify:1`)
    const sampled = keys.filter((key) => isSampled(key, 0.1))
    expect(sampled.length / keys.length).toBeGreaterThan(0.08)
    expect(sampled.length / keys.length).toBeLessThan(0.12)
    expect(keys.filter((key) => isSampled(key, 0.1))).toEqual(sampled)
  })
})
