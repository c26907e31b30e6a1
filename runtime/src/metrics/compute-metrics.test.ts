import { describe, expect, it } from 'vitest'
import { computeMetrics, type MetricEvent, type NodeInfo } from './compute-metrics'
import { renderPrometheus } from './prometheus'

const nodes: Record<string, NodeInfo> = {
  start: { label: 'Start', kind: 'trigger' },
  auto: { label: 'Auto', kind: 'step' },
  review: { label: 'Review', kind: 'step', costPerItem: 12 },
  done: { label: 'Done', kind: 'end' },
}

function instanceEvents(
  id: string,
  t0: number,
  reviewVerdict: string | null,
  finished: boolean,
): MetricEvent[] {
  const e = (
    at: number,
    type: MetricEvent['type'],
    nodeId: string | null,
    detail: Record<string, unknown> | null = null,
  ) => ({
    at: t0 + at,
    instanceId: id,
    type,
    nodeId,
    visit: nodeId ? 1 : null,
    detail,
  })
  return [
    e(0, 'START', null),
    e(0, 'entered', 'start'),
    e(1, 'STEP_DONE', 'start'),
    e(1, 'entered', 'auto'),
    e(11, 'STEP_DONE', 'auto'),
    e(11, 'entered', 'review'),
    ...(finished
      ? [
          e(500, 'task.completed', 'review', { waitedMs: 300, verdict: reviewVerdict }),
          e(500, 'STEP_DONE', 'review'),
          e(500, 'finished', null, { outcome: 'completed' }),
        ]
      : [e(600, 'sla.breached', 'review')]),
  ]
}

describe('metrics from the event log', () => {
  const metrics = computeMetrics(
    'wf',
    [
      ...instanceEvents('a', 0, 'accept', true),
      ...instanceEvents('b', 1000, 'override', true),
      ...instanceEvents('c', 2000, null, false),
      // A suggestion applied without a person: the step finishes with nobody's task.
      { at: 3000, instanceId: 'd', type: 'entered', nodeId: 'review', visit: 1, detail: null },
      { at: 3001, instanceId: 'd', type: 'assistant.applied', nodeId: 'review', visit: 1, detail: null },
      { at: 3001, instanceId: 'd', type: 'STEP_DONE', nodeId: 'review', visit: 1, detail: null },
    ],
    nodes,
    { instances: 1, byNode: { review: 1 } },
  )

  it('counts instances, cycle times, coverage, overrides, breaches and cost per item', () => {
    expect(metrics).toMatchObject({ started: 3, completed: 2, inProgress: 1, slaBreaches: 1 })
    expect(metrics.cycleTimeMs).toEqual({ p50: 500, p90: 500 })
    expect(metrics.automationCoverage).toBeCloseTo(4 / 6)
    expect(metrics.overrideRate).toBe(0.5)
    expect(metrics.costPerCompletedItem).toBe(12)
    expect(metrics.steps.auto).toMatchObject({
      started: 3,
      completed: 3,
      automationCoverage: 1,
      cycleTimeMs: { p50: 10 },
    })
    expect(metrics.steps.review).toMatchObject({
      started: 4,
      completed: 3,
      inProgress: 1,
      automationCoverage: 1 / 3,
      autoApplied: 1,
      waitingTimeMs: { p50: 300, p90: 300 },
      slaBreaches: 1,
    })
    expect(Object.keys(metrics.steps)).toEqual(['auto', 'review'])
  })

  it('renders Prometheus text with escaped labels', () => {
    const text = renderPrometheus([{ ...metrics, workflowId: 'say "hi"' }])
    expect(text).toContain('# TYPE conveyor_instances_started_total counter')
    expect(text).toContain('conveyor_instances_started_total{workflow="say \\"hi\\""} 3')
    expect(text).toContain(
      'conveyor_step_cycle_time_seconds{workflow="say \\"hi\\"",step="auto",quantile="0.5"} 0.01',
    )
    expect(text).toContain('conveyor_step_auto_applied_total{workflow="say \\"hi\\"",step="review"} 1')
    expect(text.endsWith('\n')).toBe(true)
  })
})
