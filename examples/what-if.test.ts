import { checkScenario, compareScenario, type WhatIfScenario } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { examples } from './index'

const ticketToResolution = examples.find((example) => example.slug === 'ticket-to-resolution')!.document
const run = { items: 20_000, seed: 1 }
/** Tier 2's share of the baseline's work, from the facts: 520 of 2,400 tickets a week, 45 minutes each, 6 people. */
const tier2Busy = (520 * 45) / (6 * 7 * 24 * 60)

function checked(scenario: unknown): WhatIfScenario {
  const result = checkScenario(ticketToResolution, scenario)
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return result.scenario
}

describe('what if, on the ticket-to-resolution example', () => {
  it('doubling the volume doubles how busy the specialists are, and says when they stop keeping up', () => {
    const comparison = compareScenario(ticketToResolution, checked({ volumeFactor: 2 }), {
      ...run,
      findVolumeLimit: true,
    })
    const tier2 = (lanes: typeof comparison.baseline.lanes) => lanes.find((lane) => lane.id === 'tier2')!
    expect(comparison.baseline.bottleneck?.lane).toBe('tier2')
    expect(tier2(comparison.baseline.lanes).utilisation).toBeCloseTo(tier2Busy, 1)
    expect(tier2(comparison.scenario.lanes).utilisation).toBeCloseTo(2 * tier2Busy, 1)
    expect(comparison.scenario.throughputPerHour).toBeCloseTo(2 * comparison.baseline.throughputPerHour, 0)
    // Capacity runs out near 1 / tier2Busy = ×2.6 of today's volume.
    expect(comparison.volumeLimit).toMatchObject({ lane: 'tier2', becomes: 'overloaded' })
    expect(comparison.volumeLimit!.factor).toBeGreaterThanOrEqual(2.3)
    expect(comparison.volumeLimit!.factor).toBeLessThanOrEqual(2.8)
    expect(comparison.verdict).toMatch(
      /^Tier 2 specialists stays the bottleneck at ×2 volume: busy \d+% → \d+% of their time\./,
    )
    expect(comparison.verdict).toContain(
      `Tier 2 specialists cannot keep up from ×${comparison.volumeLimit!.factor} volume.`,
    )
  })

  it('automating the reply draft frees tier 1, except for the drafts handed back', () => {
    const comparison = compareScenario(
      ticketToResolution,
      checked({ steps: { 'draft-reply': { mode: 'automate', overrideRate: 0.25, costPerItem: 0.5 } } }),
      run,
    )
    const tier1 = (lanes: typeof comparison.baseline.lanes) => lanes.find((lane) => lane.id === 'tier1')!
    expect(tier1(comparison.scenario.lanes).utilisation).toBeLessThan(
      tier1(comparison.baseline.lanes).utilisation * 0.6,
    )
    expect(comparison.scenario.costPerItem).toBeLessThan(comparison.baseline.costPerItem)
    expect(comparison.verdict).toMatch(/Cost per item \d+\.\d\d → \d+\.\d\d/)
  })

  it('names the example’s assumptions: the branch shares and the support lead nobody staffs', () => {
    const { baseline } = compareScenario(ticketToResolution, {}, { items: 1_000, seed: 1 })
    expect(baseline.assumptions.map((assumption) => assumption.node ?? assumption.lane)).toEqual([
      'route-ticket',
      'confirm-resolved',
      'support-lead',
    ])
  })
})
