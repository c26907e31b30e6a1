import { describe, expect, it } from 'vitest'
import { WorkflowDocument } from '../model'
import { chain, decision, edge, end, exception, humanStep, trigger, workflow } from '../testing/builders'
import { simulateWhatIf } from './compare'
import { checkScenario } from './scenario'

/** Requests checked by people (one SLA, a timeout path), then approved or refused by a lead. */
const requests = WorkflowDocument.parse(
  workflow(
    [
      trigger('received'),
      humanStep('check', {
        facts: { volumePerWeek: 1680, handlingTimeMinutes: 10, staff: 2, costPerItem: 5 },
        sla: { within: '1h' },
      }),
      exception('tooSlow', 'check', 'timeout'),
      decision('approve', ['no', 'yes'], {
        decidedBy: 'person',
        lane: 'leads',
        facts: { handlingTimeMinutes: 2 },
      }),
      end('done'),
      end('refused', 'rejected'),
      end('late', 'cancelled'),
    ],
    [
      ...chain('received', 'check', 'approve'),
      edge('approve', 'refused', 'no'),
      edge('approve', 'done', 'yes'),
      edge('tooSlow', 'late'),
    ],
    {
      lanes: [
        { id: 'operations', name: 'Operations' },
        { id: 'leads', name: 'Team leads' },
      ],
    },
  ),
)
const run = { items: 20_000, seed: 2 }
const shares = { approve: { yes: 0.9, no: 0.1 } }

describe('checking a scenario', () => {
  it('names the field of each problem in its shape', () => {
    const checked = checkScenario(requests, {
      volumeFactor: -2,
      lanes: { operations: { people: -1 } },
      steps: { check: { overrideRate: 1.5 } },
      sla: { check: 'soon' },
      colour: 'red',
    })
    expect(checked.ok).toBe(false)
    expect(!checked.ok && checked.problems).toEqual([
      { path: 'volumeFactor', message: 'must be more than 0' },
      { path: 'steps.check.overrideRate', message: 'must be 1 or less' },
      { path: 'lanes.operations.people', message: 'must be 0 or more' },
      { path: 'sla.check', message: 'must be a number and a unit, like "30m", "4h" or "2d"' },
      { path: '', message: 'Unrecognized key: "colour"' },
    ])
  })

  it('names ids the workflow does not have, or that cannot be changed that way', () => {
    const checked = checkScenario(requests, {
      steps: { nope: { mode: 'automate' }, approve: { mode: 'automate' } },
      lanes: { night: { people: 2 } },
      sla: { received: '1h' },
      branches: { approve: { yes: 0.7, maybe: 0.2 }, check: { yes: 1 } },
    })
    expect(!checked.ok && checked.problems).toEqual([
      { path: 'steps.nope', message: 'this workflow has no step "nope"' },
      { path: 'steps.approve', message: 'this workflow has no step "approve"' },
      { path: 'lanes.night', message: 'this workflow has no lane "night"' },
      { path: 'sla.received', message: 'this workflow has no step or decision "received"' },
      { path: 'branches.approve.maybe', message: 'decision "approve" has no branch "maybe"' },
      { path: 'branches.check', message: 'this workflow has no decision "check"' },
    ])
  })

  it('accepts a scenario that names what the workflow has', () => {
    const scenario = { volumeFactor: 1.5, lanes: { leads: { people: 2 } }, branches: shares }
    expect(checkScenario(requests, scenario)).toEqual({ ok: true, scenario })
  })
})

describe('what a scenario changes', () => {
  it('more people in a lane shorten its queue', () => {
    const busy = { branches: shares, sla: { check: null } }
    const baseline = simulateWhatIf(requests, busy, run)
    const more = simulateWhatIf(requests, { ...busy, lanes: { operations: { people: 3 } } }, run)
    const operations = (result: typeof baseline) => result.lanes.find((lane) => lane.id === 'operations')!
    expect(operations(baseline).utilisation).toBeCloseTo(((1680 / 168) * 10) / 60 / 2, 1)
    expect(operations(more).utilisation).toBeCloseTo(((1680 / 168) * 10) / 60 / 3, 1)
    expect(operations(more).meanWaitMinutes).toBeLessThan(operations(baseline).meanWaitMinutes / 3)
    expect(more.leadTimeMinutes.p90).toBeLessThan(baseline.leadTimeMinutes.p90)
  })

  it('a breached SLA takes the timeout path, and a longer SLA is breached less', () => {
    const busy = { volumeFactor: 1.15, branches: shares }
    const tight = simulateWhatIf(requests, busy, run)
    expect(tight.slaBreachRate).toBeGreaterThan(0.05)
    expect(tight.outcomes.cancelled).toBe(Math.round(tight.slaBreachRate * tight.ended))
    const relaxed = simulateWhatIf(requests, { ...busy, sla: { check: '8h' } }, run)
    expect(relaxed.slaBreachRate).toBeLessThan(tight.slaBreachRate / 5)
    const none = simulateWhatIf(requests, { ...busy, sla: { check: null } }, run)
    expect(none.slaBreachRate).toBe(0)
    expect(none.outcomes.cancelled).toBe(0)
  })

  it('automating a step takes people out of it, except for the items it hands back', () => {
    const automated = simulateWhatIf(
      requests,
      { branches: shares, steps: { check: { mode: 'automate', overrideRate: 0.2, costPerItem: 0.1 } } },
      run,
    )
    const operations = automated.lanes.find((lane) => lane.id === 'operations')!
    expect(operations.utilisation).toBeCloseTo((0.2 * (1680 / 168) * 10) / 60 / 2, 1)
    // The lead still decides every item, so none is touchless; the cost: 0.1 + 20% of 5.
    expect(automated.touchlessRate).toBe(0)
    expect(automated.costPerItem).toBeCloseTo(0.1 + 0.2 * 5, 1)
  })

  it('an assistant cuts the time people spend on a step to a review, unless they override it', () => {
    const augmented = simulateWhatIf(
      requests,
      { branches: shares, steps: { check: { mode: 'augment', overrideRate: 0.2 } } },
      run,
    )
    const operations = augmented.lanes.find((lane) => lane.id === 'operations')!
    // 20% done in full, 80% reviewed in a quarter of the time: 40% of the work.
    expect(operations.utilisation).toBeCloseTo((0.4 * (1680 / 168) * 10) / 60 / 2, 1)
    expect(augmented.assumptions.some((assumption) => assumption.field === 'overrideRate')).toBe(false)
  })

  it('people who work office hours leave work arriving at night waiting until morning', () => {
    const office = { days: [1, 2, 3, 4, 5], fromHour: 9, toHour: 17 }
    const result = simulateWhatIf(
      requests,
      {
        branches: shares,
        sla: { check: null },
        volumeFactor: 0.1,
        lanes: { operations: { hours: office }, leads: { hours: office } },
      },
      run,
    )
    const always = simulateWhatIf(
      requests,
      { branches: shares, sla: { check: null }, volumeFactor: 0.1 },
      run,
    )
    // Around the clock almost nothing waits; in office hours a weekend's arrivals wait for Monday.
    expect(always.leadTimeMinutes.p90).toBeLessThan(60)
    expect(result.leadTimeMinutes.p50).toBeGreaterThan(8 * 60)
    expect(result.leadTimeMinutes.p99).toBeGreaterThan(48 * 60)
    // Busy share of their 40 hours, not of the whole week.
    const operations = result.lanes.find((lane) => lane.id === 'operations')!
    expect(operations.utilisation).toBeCloseTo((0.1 * 1680 * 10) / (2 * 40 * 60), 1)
  })
})
