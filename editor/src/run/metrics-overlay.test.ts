import type { StepMetrics, WorkflowMetrics } from '@conveyor/shared/protocol/api'
import { describe, expect, it } from 'vitest'
import { metricsOverlay, stepBadges } from './metrics-overlay'
import { formatDuration, formatMoney } from './format'

const step = (nodeId: string, overrides: Partial<StepMetrics> = {}): StepMetrics => ({
  nodeId,
  label: nodeId,
  kind: 'step',
  started: 10,
  completed: 9,
  rejected: 0,
  failed: 0,
  cancelled: 0,
  inProgress: 1,
  slaBreaches: 0,
  handlingTimeMs: { p50: 90_000, p90: 300_000 },
  waitingTimeMs: { p50: null, p90: null },
  byPerson: 0,
  byMachine: 0,
  automationShare: null,
  overrideRate: null,
  assistantFallbacks: 0,
  autoApplied: 0,
  doneByFallback: 0,
  cost: null,
  ...overrides,
})

describe('stepBadges', () => {
  it('shows counts and median time, and the shares that were measured', () => {
    expect(stepBadges(step('review', { overrideRate: 0.25, automationShare: 0 }), 'EUR')).toEqual([
      '9/10 done',
      'median 1.5 min',
      'overridden 25%',
      'automated 0%',
    ])
  })

  it('names rejections and breaches apart from failures, and the cost in its currency', () => {
    const badges = stepBadges(step('approve', { rejected: 3, slaBreaches: 2, cost: 90 }), 'EUR')
    expect(badges.slice(2)).toEqual(['3 rejected', '2 past SLA', `cost ${formatMoney(90, 'EUR')}`])
    expect(badges.at(-1)).toContain('€')
  })

  it('names failures and leaves out a median nobody finished', () => {
    expect(
      stepBadges(
        step('charge', { completed: 0, failed: 2, handlingTimeMs: { p50: null, p90: null } }),
        'EUR',
      ),
    ).toEqual(['0/10 done', '2 failed'])
  })
})

describe('metricsOverlay', () => {
  it('paints every node that was reached, by its id, and marks failing ones', () => {
    const metrics = {
      currency: 'EUR',
      steps: {
        review: step('review'),
        charge: step('charge', { failed: 1 }),
        unused: step('unused', { started: 0 }),
      },
    } as unknown as WorkflowMetrics
    const overlay = metricsOverlay(metrics)
    expect(Object.keys(overlay).sort()).toEqual(['charge', 'review'])
    expect(overlay.charge?.status).toBe('failed')
    expect(overlay.review?.status).toBeUndefined()
  })
})

describe('formatDuration', () => {
  it('picks a unit people read at a glance', () => {
    expect([850, 3_200, 270_000, 7_560_000, 259_200_000].map(formatDuration)).toEqual([
      '850 ms',
      '3.2 s',
      '4.5 min',
      '2.1 h',
      '3.0 d',
    ])
  })
})
