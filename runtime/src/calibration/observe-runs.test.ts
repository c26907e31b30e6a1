import {
  calibrate,
  samplerOf,
  simRandom,
  WorkflowDocument,
  workflowBuilders as b,
  type Distribution,
} from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { observeRuns, type RunEvent } from './observe-runs'

/** Claims checked by people (who may reject them), then a rule decides, then a machine pays. */
const claims = WorkflowDocument.parse(
  b.workflow(
    [
      b.trigger('received'),
      b.humanStep('check', { mode: 'augment', facts: { handlingTimeMinutes: 10 } }),
      b.exception('check-rejected', 'check', 'rejection'),
      b.decision('verdict', ['refuse', 'pay']),
      b.step('pay'),
      b.end('paid'),
      b.end('refused', 'rejected'),
    ],
    [
      ...b.chain('received', 'check', 'verdict'),
      b.edge('verdict', 'refused', 'refuse'),
      b.edge('verdict', 'pay', 'pay'),
      ...b.chain('pay', 'paid'),
      b.edge('check-rejected', 'refused'),
    ],
  ),
)

const minute = 60_000
const day = 1_440 * minute
const start = Date.UTC(2026, 2, 2)

/** What the synthetic runs are drawn from. */
const truth = {
  perDay: 60,
  check: { kind: 'lognormal', meanMinutes: 20, sdMinutes: 15 } as Distribution,
  pay: { kind: 'exponential', meanMinutes: 2 } as Distribution,
  rejected: 0.05,
  refused: 0.3,
  payFails: 0.04,
  overridden: 0.2,
}

/** Fourteen days of an event log drawn from `truth`, as the engine writes it. */
function syntheticLog(days: number, seed: number): RunEvent[] {
  const random = simRandom(seed)
  const checkTime = samplerOf(truth.check)
  const payTime = samplerOf(truth.pay)
  const events: RunEvent[] = []
  let at = start
  for (let n = 0; ; n++) {
    at += (-Math.log(random.nextPositive()) / truth.perDay) * day
    if (at >= start + days * day) break
    const instanceId = `claim-${n}`
    const event = (
      type: RunEvent['type'],
      time: number,
      nodeId: string | null,
      detail?: Record<string, unknown>,
    ) => events.push({ at: time, instanceId, type, nodeId, visit: nodeId ? 1 : null, detail: detail ?? null })
    event('START', at, null)
    event('entered', at, 'check')
    event('task.created', at, 'check')
    const claimed = at + random.next() * 60 * minute
    // Every tenth task is answered without being claimed: it says nothing of the handling time.
    const unclaimed = n % 10 === 0
    if (!unclaimed) event('task.claimed', claimed, 'check')
    const answered = claimed + checkTime(random) * minute
    const verdict = random.next() < truth.overridden ? 'override' : 'accept'
    if (random.next() < truth.rejected) {
      event('task.rejected', answered, 'check')
      event('STEP_REJECTED', answered, 'check')
      continue
    }
    event('task.completed', answered, 'check', { verdict })
    event('STEP_DONE', answered, 'check')
    event('entered', answered, 'verdict')
    const refuse = random.next() < truth.refused
    event('DECIDE', answered, 'verdict', { branch: refuse ? 'refuse' : 'pay' })
    if (refuse) continue
    event('entered', answered, 'pay')
    const paid = answered + payTime(random) * minute
    event(random.next() < truth.payFails ? 'STEP_FAILED' : 'STEP_DONE', paid, 'pay')
  }
  return events.sort((x, y) => x.at - y.at)
}

describe('observing runs in the event log', () => {
  const events = syntheticLog(14, 5)

  it('counts arrivals, handling times from claim to answer, branches, failures and verdicts', async () => {
    const observed = await observeRuns(claims, events, { days: 14, to: start + 14 * day })
    const started = events.filter((event) => event.type === 'START')
    expect(observed.arrivals).toBe(started.length)
    expect(observed.arrivalTimes).toEqual(started.map((event) => event.at))
    const claimed = new Set(events.filter((e) => e.type === 'task.claimed').map((e) => e.instanceId))
    const answers = events.filter(
      (e) => (e.type === 'task.completed' || e.type === 'task.rejected') && e.at <= start + 14 * day,
    )
    expect(observed.durations.check).toHaveLength(answers.filter((e) => claimed.has(e.instanceId)).length)
    const decided = events.filter((e) => e.type === 'DECIDE' && e.at <= start + 14 * day).length
    expect(observed.branches.verdict!.refuse! + observed.branches.verdict!.pay!).toBe(decided)
    expect(observed.failures.check!.visits).toBe(answers.length)
    expect(Object.keys(observed.failures)).toEqual(['check', 'pay'])
    expect(observed.verdicts!.check!.verdicts).toBe(answers.filter((e) => e.type === 'task.completed').length)
  })

  it('recovers the figures the runs were drawn from', async () => {
    const calibration = calibrate(await observeRuns(claims, events, { days: 14, to: start + 14 * day }))
    const near = (value: number, expected: number, tolerance: number) =>
      expect(Math.abs(value - expected) / expected).toBeLessThan(tolerance)
    near(calibration.volumePerWeek!, truth.perDay * 7, 0.05)
    const check = calibration.handling.check!
    expect(check.kind).toBe('lognormal')
    if (check.kind === 'lognormal') {
      near(check.meanMinutes, 20, 0.06)
      near(check.sdMinutes, 15, 0.12)
    }
    const pay = calibration.handling.pay!
    expect(pay.kind).toBe('exponential')
    if (pay.kind === 'exponential') near(pay.meanMinutes, 2, 0.08)
    near(calibration.branches.verdict!.refuse!, truth.refused, 0.1)
    near(calibration.failureRates.check!, truth.rejected, 0.25)
    near(calibration.failureRates.pay!, truth.payFails, 0.3)
    near(calibration.overrideRates.check!, truth.overridden, 0.1)
    expect(calibration.report.figures.every((figure) => figure.source === 'runs')).toBe(true)
  })

  it('reads only the period asked for, and flags what it saw too little of', async () => {
    // The last day alone: about 60 items, too few rejections or failures to tell.
    const observed = await observeRuns(claims, events, { days: 1, to: start + 14 * day })
    expect(observed.arrivalTimes!.every((at) => at >= start + 13 * day)).toBe(true)
    const calibration = calibrate(observed, 100)
    expect(calibration.volumePerWeek).toBeUndefined()
    expect(calibration.report.figures.filter((figure) => figure.source === 'facts')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ node: 'check', field: 'facts.handlingTimeMinutes' }),
        expect.objectContaining({ node: 'verdict', field: 'branches' }),
        expect.objectContaining({ node: 'pay', field: 'facts.errorRate' }),
      ]),
    )
  })

  it('names every figure of the model, even one whose node did no work in the period', async () => {
    const observed = await observeRuns(claims, [], { days: 7, to: start })
    expect(observed).toMatchObject({
      arrivals: 0,
      durations: { check: [], pay: [] },
      branches: { verdict: { refuse: 0, pay: 0 } },
      failures: { check: { visits: 0, failed: 0 }, pay: { visits: 0, failed: 0 } },
      verdicts: {},
    })
    const { report } = calibrate(observed)
    expect(report.figures.find((figure) => figure.node === 'pay')).toMatchObject({
      source: 'facts',
      observations: 0,
      message: 'Only 0 durations observed (fewer than 30): the typed-in facts are used.',
    })
  })
})
