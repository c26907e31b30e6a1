import { describe, expect, it } from 'vitest'
import { computeMetrics } from './compute-metrics'
import { sketchRelativeError } from './duration-sketch'
import type { MetricEvent, NodeInfo } from './metric-fold'
import { renderPrometheus } from './prometheus'

const work = { measured: true, machineStandsIn: false }
const nodes: Record<string, NodeInfo> = {
  start: { label: 'Start', kind: 'trigger', measured: false, machineStandsIn: false },
  check: { label: 'Check', kind: 'step', measured: true, machineStandsIn: true },
  rule: { label: 'Rule', kind: 'decision', ...work },
  approve: { label: 'Approve', kind: 'step', ...work, costPerItem: 10 },
  classify: { label: 'Classify', kind: 'step', ...work, costPerItem: 4 },
  done: { label: 'Done', kind: 'end', measured: false, machineStandsIn: false },
}

/** One item's events: [at, type, node:visit?, detail?]. */
function item(id: string, rows: Array<[number, MetricEvent['type'], string?, Record<string, unknown>?]>) {
  return rows.map(([at, type, where, detail]): MetricEvent => {
    const [nodeId, visit] = where ? where.split(':') : [null, null]
    return {
      at,
      instanceId: id,
      workflowId: 'wf',
      deploymentId: 'd1',
      type,
      nodeId: nodeId ?? null,
      visit: visit ? Number(visit) : null,
      detail: detail ?? null,
    }
  })
}

// Seven claims, each with a hand-computed story (times in ms).
const log: MetricEvent[] = [
  // A: the machine checks it (100), a person rejects the first approval (waits 300, handles 600),
  // it loops back, and the second approval is accepted (waits 200, handles 300). Lead 1500.
  ...item('A', [
    [0, 'START'],
    [0, 'entered', 'check:1'],
    [100, 'STEP_DONE', 'check:1'],
    [100, 'entered', 'approve:1'],
    [100, 'task.created', 'approve:1'],
    [400, 'task.claimed', 'approve:1'],
    [1000, 'task.rejected', 'approve:1'],
    [1000, 'STEP_REJECTED', 'approve:1'],
    [1000, 'entered', 'approve:2'],
    [1000, 'task.created', 'approve:2'],
    [1200, 'task.claimed', 'approve:2'],
    [1500, 'task.completed', 'approve:2', { waitedMs: 200, verdict: 'accept' }],
    [1500, 'STEP_DONE', 'approve:2'],
    [1500, 'finished', undefined, { outcome: 'completed' }],
  ]),
  // B: no person at all: checked (100), a rule decides, a suggestion is applied (50). Lead 150.
  ...item('B', [
    [2000, 'START'],
    [2000, 'entered', 'check:1'],
    [2100, 'STEP_DONE', 'check:1'],
    [2100, 'entered', 'rule:1'],
    [2100, 'DECIDE', 'rule:1'],
    [2100, 'entered', 'classify:1'],
    [2150, 'assistant.applied', 'classify:1'],
    [2150, 'STEP_DONE', 'classify:1'],
    [2150, 'finished', undefined, { outcome: 'completed' }],
  ]),
  // C: the check's call fails for good and the item ends failed. Lead 200.
  ...item('C', [
    [3000, 'START'],
    [3000, 'entered', 'check:1'],
    [3200, 'failed', 'check:1', { attempt: 3 }],
    [3200, 'STEP_FAILED', 'check:1'],
    [3200, 'finished', undefined, { outcome: 'failed' }],
  ]),
  // D: the approval's SLA runs out and its timeout path ends the item rejected: a breach, not a failure.
  ...item('D', [
    [4000, 'START'],
    [4000, 'entered', 'approve:1'],
    [4000, 'task.created', 'approve:1'],
    [5000, 'sla.breached', 'approve:1'],
    [5000, 'STEP_TIMEOUT', 'approve:1'],
    [5000, 'finished', undefined, { outcome: 'rejected' }],
  ]),
  // E: the assistant cannot suggest, and the item is withdrawn before anyone handles it.
  ...item('E', [
    [6000, 'START'],
    [6000, 'entered', 'classify:1'],
    [6000, 'assistant.fallback', 'classify:1'],
    [6000, 'task.created', 'classify:1'],
    [7000, 'CANCEL'],
    [7000, 'finished', undefined, { outcome: 'cancelled' }],
  ]),
  // F: the check is switched to manual (a person does it: waits 100, handles 300), then a person
  // overrides the suggestion (waits 100, handles 100). Lead 600.
  ...item('F', [
    [8000, 'START'],
    [8000, 'entered', 'check:1'],
    [8000, 'task.created', 'check:1', { fallback: true }],
    [8100, 'task.claimed', 'check:1'],
    [8400, 'task.completed', 'check:1', { waitedMs: 100, fallback: true }],
    [8400, 'STEP_DONE', 'check:1'],
    [8400, 'entered', 'classify:1'],
    [8400, 'task.created', 'classify:1'],
    [8500, 'task.claimed', 'classify:1'],
    [8600, 'task.completed', 'classify:1', { waitedMs: 100, verdict: 'override' }],
    [8600, 'STEP_DONE', 'classify:1'],
    [8600, 'finished', undefined, { outcome: 'completed' }],
  ]),
  // G: waiting for its approval.
  ...item('G', [
    [9000, 'START'],
    [9000, 'entered', 'approve:1'],
    [9000, 'task.created', 'approve:1'],
  ]),
]

const figures = computeMetrics(log, () => nodes, { workflowId: 'wf', currency: 'EUR', nodes })
const m = figures.metrics

/** A quantile read from a sketch: within its stated relative error of the exact value. */
const near = (exact: number) => ({
  asymmetricMatch: (actual: number) => Math.abs(actual - exact) <= exact * sketchRelativeError,
  toString: () => `within ${(sketchRelativeError * 100).toFixed(1)}% of ${exact}`,
})

describe('metrics from the event log', () => {
  it('counts every item that ended, whatever its outcome', () => {
    expect(m).toMatchObject({
      currency: 'EUR',
      started: 7,
      completed: 3,
      rejected: 1,
      failed: 1,
      cancelled: 1,
      ended: 6,
      inProgress: 1,
      slaBreaches: 1,
    })
  })

  it('measures lead, touch and waiting time per item, and process cycle efficiency', () => {
    // Lead times 150, 200, 600, 1000, 1000, 1500; touch 0 ×4, 400, 900; waiting 0 ×4, 200, 500.
    expect(m.leadTimeMs).toEqual({ p50: near(600), p90: near(1500) })
    expect(m.touchTimeMs).toEqual({ p50: 0, p90: near(900) })
    expect(m.waitingTimeMs).toEqual({ p50: 0, p90: near(500) })
    expect(m.processCycleEfficiency).toBeCloseTo(1300 / 4450, 10)
  })

  it('tells touchless items from automation share, and counts rework', () => {
    // B, C, D and E ended with no person; A looped back through the approval.
    expect(m.touchlessRate).toBeCloseTo(4 / 6)
    expect(m.reworkRate).toBeCloseTo(1 / 6)
    // Machines in place of people: A's and B's checks, B's applied suggestion (not the rule).
    // People: A's two approvals, F's check by hand and F's classification.
    expect(m.automationShare).toBeCloseTo(3 / 7)
    expect(m.overrideRate).toBe(0.5)
  })

  it('spreads the cost of people’s work over every item that ended', () => {
    // Two approvals of A (10 each) and F's classification (4), over six ended items.
    expect(m.cost).toBe(24)
    expect(m.costPerItem).toBe(4)
  })

  it('ends each step execution one way: completed, rejected, failed or cancelled', () => {
    expect(m.steps.check).toMatchObject({
      started: 4,
      completed: 3,
      rejected: 0,
      failed: 1,
      cancelled: 0,
      inProgress: 0,
      byMachine: 2,
      byPerson: 1,
      automationShare: 2 / 3,
      doneByFallback: 1,
      handlingTimeMs: { p50: near(100), p90: near(300) },
      waitingTimeMs: { p50: near(100), p90: near(100) },
      cost: 0,
    })
    expect(m.steps.approve).toMatchObject({
      started: 4,
      completed: 1,
      rejected: 1,
      failed: 0,
      cancelled: 1,
      inProgress: 1,
      slaBreaches: 1,
      byPerson: 2,
      automationShare: 0,
      handlingTimeMs: { p50: near(300), p90: near(600) },
      waitingTimeMs: { p50: near(200), p90: near(300) },
      overrideRate: 0,
      cost: 20,
    })
    expect(m.steps.classify).toMatchObject({
      started: 3,
      completed: 2,
      cancelled: 1,
      autoApplied: 1,
      assistantFallbacks: 1,
      byMachine: 1,
      byPerson: 1,
      overrideRate: 1,
      handlingTimeMs: { p50: near(50), p90: near(100) },
      cost: 4,
    })
    expect(m.steps.rule).toMatchObject({ started: 1, completed: 1, byMachine: 0, automationShare: null })
    expect(Object.keys(m.steps)).toEqual(['check', 'rule', 'approve', 'classify'])
  })

  it('counts only the days asked for, and what is in progress now', () => {
    const later = computeMetrics(log, () => nodes, {
      workflowId: 'wf',
      currency: 'EUR',
      nodes,
      since: 86_400_000,
    }).metrics
    expect(later).toMatchObject({ started: 0, ended: 0, inProgress: 1, costPerItem: null })
    expect(later.steps.approve).toMatchObject({ started: 0, inProgress: 1 })
  })
})

describe('Prometheus exposition', () => {
  const text = renderPrometheus([{ ...figures, metrics: { ...m, workflowId: 'say "hi"' } }])
  const w = 'workflow="say \\"hi\\""'

  it('exports counts as counters, with escaped labels and the currency on costs', () => {
    expect(text).toContain('# TYPE conveyor_instances_rejected_total counter')
    expect(text).toContain(`conveyor_instances_started_total{${w}} 7`)
    expect(text).toContain(`conveyor_step_rejected_total{${w},step="approve"} 1`)
    expect(text).toContain(`conveyor_step_assistant_fallbacks_total{${w},step="classify"} 1`)
    expect(text).toContain(`conveyor_cost_per_item{${w},currency="EUR"} 4`)
    expect(text.endsWith('\n')).toBe(true)
  })

  it('exports lead and waiting times as histograms', () => {
    expect(text).toContain('# TYPE conveyor_instance_lead_time_seconds histogram')
    expect(text).toContain('# TYPE conveyor_step_waiting_time_seconds histogram')
    // Six lead times, all under five seconds; their sum is exact.
    expect(text).toContain(`conveyor_instance_lead_time_seconds_bucket{${w},le="5"} 6`)
    expect(text).toContain(`conveyor_instance_lead_time_seconds_bucket{${w},le="+Inf"} 6`)
    expect(text).toContain(`conveyor_instance_lead_time_seconds_sum{${w}} 4.45`)
    expect(text).toContain(`conveyor_step_waiting_time_seconds_count{${w},step="approve"} 2`)
  })
})

describe('an incident', () => {
  it('counts as a failure when an operator cancels it, and as completed when skipped', () => {
    const incidents = [
      ...item('H', [
        [0, 'START'],
        [0, 'entered', 'check:1'],
        [10, 'failed', 'check:1'],
        [10, 'incident.opened', 'check:1'],
        [50, 'CANCEL'],
        [50, 'finished', undefined, { outcome: 'cancelled' }],
      ]),
      ...item('I', [
        [0, 'START'],
        [0, 'entered', 'check:1'],
        [10, 'failed', 'check:1'],
        [10, 'incident.opened', 'check:1'],
        [90, 'STEP_DONE', 'check:1'],
        [90, 'finished', undefined, { outcome: 'completed' }],
      ]),
    ]
    const { metrics } = computeMetrics(incidents, () => nodes, { workflowId: 'wf', currency: 'EUR', nodes })
    expect(metrics.steps.check).toMatchObject({ started: 2, completed: 1, failed: 1, cancelled: 0 })
    expect(metrics).toMatchObject({ cancelled: 1, completed: 1 })
  })
})
