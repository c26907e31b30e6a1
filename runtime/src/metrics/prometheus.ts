import type { WorkflowMetrics } from '../service/types'

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')

/** One metric family: its samples (a null value is left out) under one name, help and type. */
export interface Family {
  name: string
  help: string
  type: 'counter' | 'gauge'
  samples: Array<{ labels: Record<string, string>; value: number | null }>
}

/** Cycle time in seconds as a summary's p50 and p90 samples. */
function pushCycleQuantiles(
  samples: Family['samples'],
  labels: Record<string, string>,
  cycleTimeMs: { p50: number | null; p90: number | null },
): void {
  for (const [quantile, ms] of [
    ['0.5', cycleTimeMs.p50],
    ['0.9', cycleTimeMs.p90],
  ] as const) {
    samples.push({ labels: { ...labels, quantile }, value: ms === null ? null : ms / 1000 })
  }
}

/** Prometheus text exposition (version 0.0.4) of every workflow's metrics, then `more` families. */
export function renderPrometheus(all: WorkflowMetrics[], more: Family[] = []): string {
  const families: Family[] = []
  const family = (name: string, help: string, type: Family['type']) => {
    const f: Family = { name, help, type, samples: [] }
    families.push(f)
    return f
  }
  const started = family('conveyor_instances_started_total', 'Instances started', 'counter')
  const completed = family('conveyor_instances_completed_total', 'Instances completed', 'counter')
  const failed = family(
    'conveyor_instances_failed_total',
    'Instances that ended failed or rejected',
    'counter',
  )
  const inProgress = family('conveyor_instances_in_progress', 'Instances not yet finished', 'gauge')
  const cycle = family('conveyor_instance_cycle_time_seconds', 'Instance cycle time', 'gauge')
  const coverage = family(
    'conveyor_automation_coverage_ratio',
    'Share of work completed with no person',
    'gauge',
  )
  const overrides = family(
    'conveyor_assistant_override_ratio',
    'Share of assistant suggestions overridden',
    'gauge',
  )
  const cost = family('conveyor_cost_per_completed_item', 'Cost per completed item', 'gauge')
  const stepStarted = family('conveyor_step_started_total', 'Step executions started', 'counter')
  const stepCompleted = family('conveyor_step_completed_total', 'Step executions completed', 'counter')
  const stepFailed = family('conveyor_step_failed_total', 'Step executions failed', 'counter')
  const stepActive = family('conveyor_step_in_progress', 'Instances at the step now', 'gauge')
  const stepCycle = family('conveyor_step_cycle_time_seconds', 'Step cycle time', 'gauge')
  const breaches = family('conveyor_step_sla_breaches_total', 'SLA breaches', 'counter')
  const autoApplied = family(
    'conveyor_step_auto_applied_total',
    'Assistant suggestions applied without a person',
    'counter',
  )
  const byFallback = family(
    'conveyor_step_done_by_fallback_total',
    'Step executions people did by hand while the step was switched to manual',
    'counter',
  )

  for (const m of all) {
    const w = { workflow: m.workflowId }
    started.samples.push({ labels: w, value: m.started })
    completed.samples.push({ labels: w, value: m.completed })
    failed.samples.push({ labels: w, value: m.failed })
    inProgress.samples.push({ labels: w, value: m.inProgress })
    pushCycleQuantiles(cycle.samples, w, m.cycleTimeMs)
    coverage.samples.push({ labels: w, value: m.automationCoverage })
    overrides.samples.push({ labels: w, value: m.overrideRate })
    cost.samples.push({ labels: w, value: m.costPerCompletedItem })
    for (const s of Object.values(m.steps)) {
      const l = { ...w, step: s.nodeId }
      stepStarted.samples.push({ labels: l, value: s.started })
      stepCompleted.samples.push({ labels: l, value: s.completed })
      stepFailed.samples.push({ labels: l, value: s.failed })
      stepActive.samples.push({ labels: l, value: s.inProgress })
      breaches.samples.push({ labels: l, value: s.slaBreaches })
      autoApplied.samples.push({ labels: l, value: s.autoApplied })
      byFallback.samples.push({ labels: l, value: s.doneByFallback })
      pushCycleQuantiles(stepCycle.samples, l, s.cycleTimeMs)
    }
  }

  const lines: string[] = []
  for (const f of [...families, ...more]) {
    lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`)
    for (const { labels, value } of f.samples) {
      if (value === null) continue
      const text = Object.entries(labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',')
      lines.push(`${f.name}{${text}} ${value}`)
    }
  }
  return `${lines.join('\n')}\n`
}
