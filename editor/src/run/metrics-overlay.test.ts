import type { StepMetrics, WorkflowMetrics } from '@conveyor/shared/protocol/api'
import { describe, expect, it } from 'vitest'
import { metricsOverlay, stepBadges } from './metrics-overlay'
import { formatDuration } from './format'

const step = (nodeId: string, overrides: Partial<StepMetrics> = {}): StepMetrics => ({
  nodeId,
  label: nodeId,
  kind: 'step',
  started: 10,
  completed: 9,
  failed: 0,
  inProgress: 1,
  cycleTimeMs: { p50: 90_000, p90: 300_000 },
  waitingTimeMs: { p50: null, p90: null },
  automationCoverage: null,
  overrideRate: null,
  slaBreaches: 0,
  assistantFallbacks: 0,
  autoApplied: 0,
  doneByFallback: 0,
  ...overrides,
})

describe('stepBadges', () => {
  it('shows counts and median time, and the shares that were measured', () => {
    expect(stepBadges(step('review', { overrideRate: 0.25, automationCoverage: 0 }))).toEqual([
      '9/10 done',
      'median 1.5 min',
      'overridden 25%',
      'automated 0%',
    ])
  })

  it('names failures and leaves out a median nobody finished', () => {
    expect(
      stepBadges(step('charge', { completed: 0, failed: 2, cycleTimeMs: { p50: null, p90: null } })),
    ).toEqual(['0/10 done', '2 failed'])
  })
})

describe('metricsOverlay', () => {
  it('paints every node that was reached, by its id, and marks failing ones', () => {
    const metrics = {
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
