import { describe, expect, it } from 'vitest'
import { WorkflowDocument } from '../model'
import { chain, decision, edge, end, humanStep, trigger, workflow } from '../testing/builders'
import { arrivalCalendarOf } from './arrival-calendar'
import { calibrate, type RunObservations } from './calibration'
import { samplerOf, type Distribution } from './distribution'
import { whatIfModel } from './document-model'
import { fitDurations } from './fit-durations'
import { simRandom } from './random'

function draws(distribution: Distribution, count: number, seed: number): number[] {
  const random = simRandom(seed)
  const sample = samplerOf(distribution)
  return Array.from({ length: count }, () => sample(random))
}

describe('fitting observed durations', () => {
  it('recovers a lognormal it was drawn from', () => {
    const fitted = fitDurations(draws({ kind: 'lognormal', meanMinutes: 12, sdMinutes: 8 }, 5_000, 1))
    expect(fitted.kind).toBe('lognormal')
    if (fitted.kind !== 'lognormal') return
    expect(Math.abs(fitted.meanMinutes - 12) / 12).toBeLessThan(0.05)
    expect(Math.abs(fitted.sdMinutes - 8) / 8).toBeLessThan(0.1)
  })

  it('recovers an exponential it was drawn from', () => {
    const fitted = fitDurations(draws({ kind: 'exponential', meanMinutes: 5 }, 5_000, 2))
    expect(fitted.kind).toBe('exponential')
    if (fitted.kind !== 'exponential') return
    expect(Math.abs(fitted.meanMinutes - 5) / 5).toBeLessThan(0.05)
  })

  it('replays durations with zeros as they are, and one repeated duration as fixed', () => {
    expect(fitDurations([0, 2, 3])).toEqual({ kind: 'empirical', minutes: [0, 2, 3] })
    expect(fitDurations([4, 4, 4])).toEqual({ kind: 'fixed', minutes: 4 })
  })
})

/** Claims checked by people, then paid or refused. The typed-in facts say 10 minutes and 100 a week. */
const claims = WorkflowDocument.parse(
  workflow(
    [
      trigger('received'),
      humanStep('check', { facts: { volumePerWeek: 100, handlingTimeMinutes: 10, staff: 2 } }),
      decision('verdict', ['refuse', 'pay'], { facts: { volumePerWeek: 100 } }),
      humanStep('pay', { facts: { handlingTimeMinutes: 3 } }),
      end('paid'),
      end('refused', 'rejected'),
    ],
    [
      ...chain('received', 'check', 'verdict'),
      edge('verdict', 'refused', 'refuse'),
      edge('verdict', 'pay', 'pay'),
      ...chain('pay', 'paid'),
    ],
  ),
)

describe('calibrating from runs', () => {
  /** Two weeks of runs drawn from known figures: 420 a week, lognormal checks, 30% refused. */
  const random = simRandom(9)
  const refused = Array.from({ length: 840 }, () => random.next() < 0.3).filter(Boolean).length
  const observations: RunObservations = {
    days: 14,
    arrivals: 840,
    durations: {
      check: draws({ kind: 'lognormal', meanMinutes: 20, sdMinutes: 15 }, 840, 10),
      pay: draws({ kind: 'exponential', meanMinutes: 2 }, 12, 11),
    },
    branches: { verdict: { refuse: refused, pay: 840 - refused } },
    failures: { check: { visits: 840, failed: 42 } },
    verdicts: { check: { verdicts: 200, overrides: 50 } },
  }

  it('recovers the figures the runs were drawn from', () => {
    const calibration = calibrate(observations)
    expect(calibration.volumePerWeek).toBe(420)
    const check = calibration.handling.check!
    expect(check.kind).toBe('lognormal')
    if (check.kind === 'lognormal') expect(Math.abs(check.meanMinutes - 20) / 20).toBeLessThan(0.08)
    expect(calibration.branches.verdict!.refuse).toBeCloseTo(0.3, 1)
    expect(calibration.failureRates.check).toBeCloseTo(0.05, 5)
    expect(calibration.overrideRates.check).toBe(0.25)
    expect(calibration.arrivalHours).toBeUndefined()
  })

  it('reports which figures came from runs and which from the facts, in plain words', () => {
    const { report } = calibrate(observations)
    expect(report).toMatchObject({ days: 14, items: 840, least: 30 })
    const sources = report.figures.map(({ node, field, source, observations: count }) => [
      node,
      field,
      source,
      count,
    ])
    expect(sources).toEqual([
      [undefined, 'facts.volumePerWeek', 'runs', 840],
      ['check', 'facts.handlingTimeMinutes', 'runs', 840],
      ['pay', 'facts.handlingTimeMinutes', 'facts', 12],
      ['verdict', 'branches', 'runs', 840],
      ['check', 'facts.errorRate', 'runs', 840],
      ['check', 'overrideRate', 'runs', 200],
    ])
    expect(report.figures[0]!.message).toBe('420 items a week (840 in 14 days).')
    expect(report.figures[1]!.message).toMatch(
      /^Takes 2\d min on average \(mostly quick, with a long tail\)\.$/,
    )
    expect(report.figures[4]!.message).toBe('5% fail or are rejected.')
  })

  it('keeps the typed-in facts where too few runs were seen, and says so', () => {
    const calibration = calibrate(observations)
    expect(calibration.handling.pay).toBeUndefined()
    expect(calibration.notes).toEqual([
      {
        node: 'pay',
        field: 'facts.handlingTimeMinutes',
        message: 'Only 12 durations observed (fewer than 30): the typed-in facts are used.',
      },
    ])
  })

  it('puts the fitted figures into the model in place of the facts', () => {
    const calibration = calibrate(observations)
    const { model, assumptions } = whatIfModel(claims, {}, calibration)
    const node = (id: string) => model.nodes.find((candidate) => candidate.id === id)!
    expect(model.arrivals.perHour).toBeCloseTo(420 / 168, 5)
    expect(node('check').work).toMatchObject({ handling: calibration.handling.check })
    expect(node('pay').work).toMatchObject({ handling: { kind: 'exponential', meanMinutes: 3 } })
    expect(node('verdict').route).toMatchObject({
      options: [
        { branch: 'refuse', probability: calibration.branches.verdict!.refuse },
        { branch: 'pay', probability: calibration.branches.verdict!.pay },
      ],
    })
    // The observed override share is what a machine taking the work over would get wrong.
    const automated = whatIfModel(claims, { steps: { check: { mode: 'automate' } } }, calibration).model
    expect(automated.nodes.find((candidate) => candidate.id === 'check')!.work).toMatchObject({
      fallback: { rate: 0.25 },
    })
    // The branch shares come from runs, so they are no longer an assumption; the note on "pay" is.
    expect(assumptions.map((assumption) => assumption.field)).toEqual([
      'facts.handlingTimeMinutes',
      'facts.costPerItem',
      'facts.costPerItem',
    ])
  })
})

describe('reading when items arrive', () => {
  /** Four weeks of arrivals on weekdays from 09:00 to 17:00 UTC, 30 an hour, a few stragglers at night. */
  const monday = Date.UTC(2026, 0, 5)
  const random = simRandom(21)
  const arrivalTimes: number[] = []
  for (let day = 0; day < 28; day++) {
    if (day % 7 >= 5) continue
    for (let i = 0; i < 240; i++)
      arrivalTimes.push(monday + day * 86_400_000 + (9 + random.next() * 8) * 3_600_000)
  }
  for (let i = 0; i < 10; i++) arrivalTimes.push(monday + i * 86_400_000 + 2 * 3_600_000)

  it('recovers the weekly hours and the rate within them', () => {
    const calibration = calibrate({
      days: 28,
      arrivals: arrivalTimes.length,
      arrivalTimes,
      durations: {},
      branches: {},
      failures: {},
    })
    expect(calibration.arrivalHours).toEqual({ days: [1, 2, 3, 4, 5], fromHour: 9, toHour: 17 })
    expect(calibration.report.figures[0]!.message).toMatch(
      /arriving Mon, Tue, Wed, Thu, Fri 09:00–17:00 UTC\.$/,
    )
    const { model } = whatIfModel(claims, {}, calibration)
    expect(model.arrivals.calendar).toEqual(calibration.arrivalHours)
    // 4,810 items over 20 open days of 8 hours: about 30 an hour while open.
    expect(model.arrivals.perHour).toBeCloseTo(arrivalTimes.length / (20 * 8), 5)
    // A scenario's own hours (null: around the clock) win over what runs showed.
    expect(whatIfModel(claims, { arrivalHours: null }, calibration).model.arrivals.calendar).toBeUndefined()
  })

  it('reads no calendar from arrivals around the clock, or from less than a week', () => {
    const steady = Array.from({ length: 1_000 }, (_, i) => monday + i * 14 * 60_000 * 1.5)
    expect(arrivalCalendarOf(steady, 14)).toBeUndefined()
    expect(arrivalCalendarOf(arrivalTimes.slice(0, 1_000), 5)).toBeUndefined()
  })
})
