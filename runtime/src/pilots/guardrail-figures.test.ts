import { describe, expect, it } from 'vitest'
import { compareOnGuardrails, type EndedItem } from './guardrail-figures'
import { describeBreach } from './pilot-guard'

const item = (fields: Partial<EndedItem> = {}): EndedItem => ({
  leadTimeMs: 1000,
  failed: false,
  reviewed: 0,
  overridden: 0,
  slaBreached: false,
  fellBack: false,
  ...fields,
})

describe('guardrail figures', () => {
  it('measures each metric over the ended items, null where nothing was measured', () => {
    const pilot = [
      item({ failed: true, leadTimeMs: null }),
      item({ reviewed: 2, overridden: 1, slaBreached: true, leadTimeMs: 4000 }),
      item({ reviewed: 2, fellBack: true, leadTimeMs: 2000 }),
      item({ leadTimeMs: 3000 }),
    ]
    const all = ['errorRate', 'overrideRate', 'leadTimeP90', 'slaBreachRate', 'fallbackRate'] as const
    const comparison = compareOnGuardrails(
      all.map((metric) => ({ metric, max: 1_000_000 })),
      pilot,
      [],
    )
    expect(Object.fromEntries(comparison.map((c) => [c.metric, c.pilot]))).toEqual({
      errorRate: { value: 0.25, items: 4 },
      overrideRate: { value: 0.25, items: 4 },
      leadTimeP90: { value: 4000, items: 4 },
      slaBreachRate: { value: 0.25, items: 4 },
      fallbackRate: { value: 0.25, items: 4 },
    })
    expect(comparison.every((c) => c.baseline.value === null && c.baseline.items === 0)).toBe(true)
  })

  it('breaches an absolute limit, or a ratio of the baseline only once the baseline has a figure', () => {
    const failing = [item({ failed: true }), item(), item(), item()]
    const ratio = [{ metric: 'errorRate' as const, maxVsBaseline: 2 }]
    expect(compareOnGuardrails([{ metric: 'errorRate', max: 0.25 }], failing, [])[0]!.breached).toBe(false)
    expect(compareOnGuardrails([{ metric: 'errorRate', max: 0.2 }], failing, [])[0]!.breached).toBe(true)
    expect(compareOnGuardrails(ratio, failing, [])[0]!.breached).toBe(false)
    const baseline = Array.from({ length: 10 }, (_, i) => item({ failed: i === 0 }))
    const [breach] = compareOnGuardrails(ratio, failing, baseline)
    expect(breach).toMatchObject({
      breached: true,
      pilot: { value: 0.25 },
      baseline: { value: 0.1, items: 10 },
    })
    expect(describeBreach(breach!)).toBe("errorRate 25% over 2× the baseline's 10% (4 pilot items)")
    const slow = compareOnGuardrails([{ metric: 'leadTimeP90', max: 500 }], failing, [])[0]!
    expect(describeBreach(slow)).toBe('leadTimeP90 1000 ms over the limit of 500 ms (4 pilot items)')
  })
})
