import type { StepMetrics, WorkflowMetrics } from '../service/types'
import type { TallyEntry } from './day-tallies'
import { sketchPercentiles } from './duration-sketch'
import type { NodeInfo } from './metric-fold'
import { emptyItemTally, emptyStepTally, mergeTally, type ItemTally, type StepTally } from './metric-tallies'
import { ratio } from './percentiles'

export interface Readout {
  workflowId: string
  currency: string
  /** The workflow's nodes as its latest deployment has them (earlier ones fill in removed nodes). */
  nodes: Record<string, NodeInfo>
  /** The tallies of the period asked for. */
  steps: Iterable<TallyEntry<StepTally>>
  items: Iterable<TallyEntry<ItemTally>>
  /** The tallies of all time (what is in progress now), when the period is shorter. */
  allSteps?: Iterable<TallyEntry<StepTally>>
  allItems?: Iterable<TallyEntry<ItemTally>>
}

const ended = (t: StepTally | ItemTally) => t.completed + t.rejected + t.failed + t.cancelled

function byNode(entries: Iterable<TallyEntry<StepTally>>): Map<string, StepTally> {
  const merged = new Map<string, StepTally>()
  for (const { key, tally } of entries) {
    let t = merged.get(key.nodeId)
    if (!t) merged.set(key.nodeId, (t = emptyStepTally()))
    mergeTally(t, tally)
  }
  return merged
}

function mergedItems(entries: Iterable<TallyEntry<ItemTally>>): ItemTally {
  const t = emptyItemTally()
  for (const entry of entries) mergeTally(t, entry.tally)
  return t
}

/** A workflow's figures, and the merged tallies they came from (Prometheus exports their sketches). */
export interface Figures {
  metrics: WorkflowMetrics
  items: ItemTally
  steps: Map<string, StepTally>
}

/** Merges the tallies of a period into the workflow's figures (see the README's metrics table). */
export function readFigures(r: Readout): Figures {
  const period = byNode(r.steps)
  const now = r.allSteps ? byNode(r.allSteps) : period
  const items = mergedItems(r.items)
  const allItems = r.allItems ? mergedItems(r.allItems) : items
  const costKnown = Object.values(r.nodes).some((n) => n.costPerItem !== undefined) || items.costed > 0

  const steps: Record<string, StepMetrics> = {}
  const total = emptyStepTally()
  for (const [nodeId, info] of Object.entries(r.nodes)) {
    if (!info.measured) continue
    const t = period.get(nodeId) ?? emptyStepTally()
    const all = now.get(nodeId) ?? emptyStepTally()
    mergeTally(total, t)
    steps[nodeId] = {
      nodeId,
      label: info.label,
      kind: info.kind,
      started: t.started,
      completed: t.completed,
      rejected: t.rejected,
      failed: t.failed,
      cancelled: t.cancelled,
      inProgress: Math.max(0, all.started - ended(all)),
      slaBreaches: t.slaBreaches,
      handlingTimeMs: sketchPercentiles(t.handling),
      waitingTimeMs: sketchPercentiles(t.waiting),
      byPerson: t.byPerson,
      byMachine: t.byMachine,
      automationShare: ratio(t.byMachine, t.byMachine + t.byPerson),
      overrideRate: ratio(t.overrides, t.verdicts),
      assistantFallbacks: t.assistantFallbacks,
      autoApplied: t.autoApplied,
      doneByFallback: t.doneByFallback,
      cost: costKnown ? t.cost : null,
    }
  }
  const endedItems = ended(items)
  const metrics: WorkflowMetrics = {
    workflowId: r.workflowId,
    currency: r.currency,
    started: items.started,
    completed: items.completed,
    rejected: items.rejected,
    failed: items.failed,
    cancelled: items.cancelled,
    ended: endedItems,
    inProgress: Math.max(0, allItems.started - ended(allItems)),
    leadTimeMs: sketchPercentiles(items.lead),
    touchTimeMs: sketchPercentiles(items.touch),
    waitingTimeMs: sketchPercentiles(items.waiting),
    processCycleEfficiency: items.lead.sumMs > 0 ? items.touch.sumMs / items.lead.sumMs : null,
    touchlessRate: ratio(items.touchless, endedItems),
    automationShare: ratio(total.byMachine, total.byMachine + total.byPerson),
    reworkRate: ratio(items.reworked, endedItems),
    overrideRate: ratio(total.overrides, total.verdicts),
    slaBreaches: total.slaBreaches,
    cost: costKnown ? items.cost : null,
    costPerItem: costKnown && endedItems > 0 ? items.cost / endedItems : null,
    steps,
  }
  return { metrics, items, steps: period }
}
