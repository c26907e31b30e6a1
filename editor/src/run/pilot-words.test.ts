import type { GuardrailComparison, PilotView } from '@conveyor/shared/protocol/pilots'
import { describe, expect, it } from 'vitest'
import { comparisonLine, pilotTitle } from './pilot-words'

const errors: GuardrailComparison = {
  metric: 'errorRate',
  max: 0.02,
  pilot: { value: 0.04, items: 25 },
  baseline: { value: 0.01, items: 70 },
  breached: true,
}

describe('a pilot in words', () => {
  it('compares pilot and baseline on a guardrail against its limit', () => {
    expect(comparisonLine(errors)).toBe('Errors: 4% vs 1% — over the limit of 2%')
    expect(comparisonLine({ ...errors, pilot: { value: 0.015, items: 25 }, breached: false })).toBe(
      'Errors: 1.5% vs 1% — within the limit of 2%',
    )
  })

  it('reads a limit relative to the current version, a lead time as a duration, and no items yet', () => {
    const lead: GuardrailComparison = {
      metric: 'leadTimeP90',
      maxVsBaseline: 1.5,
      pilot: { value: null, items: 0 },
      baseline: { value: 7_200_000, items: 12 },
      breached: false,
    }
    expect(comparisonLine(lead)).toBe(
      "Lead time (9 in 10 items within): nothing ended yet vs 2.0 h — within 1.5× the current version's 2.0 h",
    )
  })

  it('names the pilot by its version and the share or segment it takes', () => {
    const pilot = { version: 3, share: 0.3 } as PilotView
    expect(pilotTitle(pilot)).toBe('Pilot of version 3 on 30% of new items')
    expect(pilotTitle({ version: 4, segment: 'amount > 1000' } as PilotView)).toBe(
      'Pilot of version 4 on new items where amount > 1000',
    )
  })
})
