import { bucketValue, sortedBuckets, type DurationSketch } from './duration-sketch'
import type { Figures } from './metrics-readout'

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')

type Labels = Record<string, string>

/**
 * Upper bounds (seconds) of the exported histograms' buckets: from a second to a week, the span of
 * people's work. A value is counted in the first bound at or above its sketch bucket's value, so a
 * count may sit one bucket off only for values within the sketch's 2.4% of a bound.
 */
export const histogramBoundsSeconds = [
  1, 5, 15, 30, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 172_800, 345_600, 604_800,
]

/** One metric family from elsewhere (pilots): its samples (a null value is left out) under one name. */
export interface Family {
  name: string
  help: string
  type: 'counter' | 'gauge'
  samples: Array<{ labels: Record<string, string>; value: number | null }>
}

interface RenderedFamily {
  name: string
  help: string
  type: 'counter' | 'gauge' | 'histogram'
  lines: string[]
}

const labelText = (labels: Labels) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')

function histogramLines(name: string, labels: Labels, sketch: DurationSketch): string[] {
  const counts = histogramBoundsSeconds.map(() => 0)
  for (const [bucket, n] of sortedBuckets(sketch)) {
    const seconds = bucketValue(bucket) / 1000
    const at = histogramBoundsSeconds.findIndex((bound) => seconds <= bound)
    if (at >= 0) counts[at]! += n
  }
  const lines: string[] = []
  let cumulative = 0
  histogramBoundsSeconds.forEach((bound, i) => {
    cumulative += counts[i]!
    lines.push(`${name}_bucket{${labelText({ ...labels, le: String(bound) })}} ${cumulative}`)
  })
  lines.push(`${name}_bucket{${labelText({ ...labels, le: '+Inf' })}} ${sketch.count}`)
  lines.push(`${name}_sum{${labelText(labels)}} ${sketch.sumMs / 1000}`)
  lines.push(`${name}_count{${labelText(labels)}} ${sketch.count}`)
  return lines
}

/**
 * Prometheus text exposition (version 0.0.4) of every workflow's figures, as the README defines
 * them, then `more` families.
 */
export function renderPrometheus(all: Figures[], more: Family[] = []): string {
  const families = new Map<string, RenderedFamily>()
  const family = (name: string, type: RenderedFamily['type'], help: string) => {
    let f = families.get(name)
    if (!f) families.set(name, (f = { name, help, type, lines: [] }))
    return f
  }
  const sample = (
    name: string,
    type: 'counter' | 'gauge',
    help: string,
    labels: Labels,
    value: number | null,
  ) => {
    if (value !== null) family(name, type, help).lines.push(`${name}{${labelText(labels)}} ${value}`)
  }
  const histogram = (name: string, help: string, labels: Labels, sketch: DurationSketch) => {
    family(name, 'histogram', help).lines.push(...histogramLines(name, labels, sketch))
  }

  for (const { metrics: m, items, steps } of all) {
    const w = { workflow: m.workflowId }
    const counter = (name: string, help: string, value: number, labels: Labels = w) =>
      sample(`conveyor_${name}_total`, 'counter', help, labels, value)
    const gauge = (name: string, help: string, value: number | null, labels: Labels = w) =>
      sample(`conveyor_${name}`, 'gauge', help, labels, value)
    counter('instances_started', 'Items started', m.started)
    for (const outcome of ['completed', 'rejected', 'failed', 'cancelled'] as const) {
      counter(`instances_${outcome}`, `Items that ended ${outcome}`, m[outcome])
    }
    gauge('instances_in_progress', 'Items not yet ended', m.inProgress)
    histogram(
      'conveyor_instance_lead_time_seconds',
      'Lead time of items that ended (start to end)',
      w,
      items.lead,
    )
    histogram('conveyor_instance_touch_time_seconds', "People's handling time per ended item", w, items.touch)
    histogram(
      'conveyor_instance_waiting_time_seconds',
      'Time an ended item waited for people',
      w,
      items.waiting,
    )
    gauge('touchless_ratio', 'Share of ended items no person handled', m.touchlessRate)
    gauge(
      'automation_share_ratio',
      "Machine executions in place of a person / (those + people's)",
      m.automationShare,
    )
    gauge('rework_ratio', 'Share of ended items that visited a step twice', m.reworkRate)
    gauge('assistant_override_ratio', 'Share of assistant suggestions overridden', m.overrideRate)
    gauge('process_cycle_efficiency_ratio', 'Touch time / lead time of ended items', m.processCycleEfficiency)
    const money = { ...w, currency: m.currency }
    counter('cost', 'What the items that ended cost', m.cost ?? 0, money)
    gauge('cost_per_item', 'Cost per item that ended', m.costPerItem, money)

    for (const s of Object.values(m.steps)) {
      const l = { ...w, step: s.nodeId }
      counter('step_started', 'Step executions started', s.started, l)
      counter('step_completed', 'Step executions completed', s.completed, l)
      counter('step_rejected', "Step executions ended by a person's rejection", s.rejected, l)
      counter('step_failed', 'Step executions ended by an error', s.failed, l)
      counter('step_cancelled', 'Step executions left unfinished', s.cancelled, l)
      gauge('step_in_progress', 'Step executions open now', s.inProgress, l)
      counter('step_sla_breaches', 'SLA timers that ran out', s.slaBreaches, l)
      counter('step_by_person', 'Step executions a person handled', s.byPerson, l)
      counter('step_by_machine', 'Step executions a machine did in place of a person', s.byMachine, l)
      gauge(
        'step_automation_share_ratio',
        'Share of executions a machine did in place of a person',
        s.automationShare,
        l,
      )
      gauge('step_override_ratio', 'Share of assistant suggestions overridden', s.overrideRate, l)
      counter('step_assistant_fallbacks', 'Suggestions the assistant could not give', s.assistantFallbacks, l)
      counter('step_auto_applied', 'Assistant suggestions applied without a person', s.autoApplied, l)
      counter(
        'step_done_by_fallback',
        'Step executions people did by hand while the step was switched to manual',
        s.doneByFallback,
        l,
      )
      if (s.cost !== null)
        counter('step_cost', "People's executions' cost", s.cost, { ...l, currency: m.currency })
      const tally = steps.get(s.nodeId)
      if (tally) {
        histogram(
          'conveyor_step_handling_time_seconds',
          'Step handling time (less task waiting)',
          l,
          tally.handling,
        )
        histogram(
          'conveyor_step_waiting_time_seconds',
          "People's tasks: created to claimed",
          l,
          tally.waiting,
        )
      }
    }
  }

  for (const f of more) {
    const lines = f.samples.flatMap(({ labels, value }) =>
      value === null ? [] : [`${f.name}{${labelText(labels)}} ${value}`],
    )
    families.set(f.name, { ...f, lines })
  }
  const lines: string[] = []
  for (const f of families.values())
    lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...f.lines)
  return `${lines.join('\n')}\n`
}
