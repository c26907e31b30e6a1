import { kindSpec, type NodeKind } from '@conveyor/shared'
import type { HistoryEntryType } from '@conveyor/shared/protocol/event-log'
import type { StepMetrics, WorkflowMetrics } from '../service/types'
import { percentiles, ratio } from './percentiles'

/** One event-log row as metrics read it. */
export interface MetricEvent {
  at: number
  instanceId: string
  type: HistoryEntryType
  nodeId: string | null
  visit: number | null
  detail: Record<string, unknown> | null
}

export interface NodeInfo {
  label: string
  kind: NodeKind
  /** What one execution by a person costs (facts.costPerItem), when known. */
  costPerItem?: number
}

interface StepTally {
  started: number
  completed: number
  failed: number
  byPerson: number
  cycle: number[]
  waiting: number[]
  verdicts: number
  overrides: number
  slaBreaches: number
  fallbacks: number
  autoApplied: number
  byFallback: number
}

const newTally = (): StepTally => ({
  started: 0,
  completed: 0,
  failed: 0,
  byPerson: 0,
  cycle: [],
  waiting: [],
  verdicts: 0,
  overrides: 0,
  slaBreaches: 0,
  fallbacks: 0,
  autoApplied: 0,
  byFallback: 0,
})

/** Whether a node's executions are work (steps and decisions), as opposed to routing. */
const isWork = (node: NodeInfo | undefined) => node !== undefined && kindSpec(node.kind).measured

/**
 * Folds a workflow's event log (in order) into its metrics. `inProgress` comes from the
 * instances' current positions, which the caller reads from the store.
 */
export function computeMetrics(
  workflowId: string,
  events: Iterable<MetricEvent>,
  nodes: Record<string, NodeInfo>,
  inProgress: { instances: number; byNode: Record<string, number> },
  fallbackCostPerItem?: number,
): WorkflowMetrics {
  const steps = new Map<string, StepTally>()
  const tally = (nodeId: string) => {
    let t = steps.get(nodeId)
    if (!t) steps.set(nodeId, (t = newTally()))
    return t
  }
  const enteredAt = new Map<string, number>()
  const personDone = new Set<string>()
  const startedAt = new Map<string, number>()
  const instanceCycle: number[] = []
  const outcomes = { started: 0, completed: 0, failed: 0, cancelled: 0 }
  let cost = 0
  let costKnown = false

  for (const e of events) {
    const key = `${e.instanceId}:${e.nodeId}:${e.visit}`
    switch (e.type) {
      case 'START':
        outcomes.started++
        startedAt.set(e.instanceId, e.at)
        break
      case 'finished': {
        const outcome = String(e.detail?.outcome ?? 'completed')
        if (outcome === 'completed') {
          outcomes.completed++
          const start = startedAt.get(e.instanceId)
          if (start !== undefined) instanceCycle.push(e.at - start)
        } else if (outcome === 'cancelled') outcomes.cancelled++
        else outcomes.failed++
        break
      }
      case 'entered':
        if (e.nodeId && isWork(nodes[e.nodeId])) {
          tally(e.nodeId).started++
          enteredAt.set(key, e.at)
        }
        break
      case 'STEP_DONE':
      case 'DECIDE':
        if (e.nodeId && enteredAt.has(key)) {
          const t = tally(e.nodeId)
          t.completed++
          t.cycle.push(e.at - enteredAt.get(key)!)
          if (personDone.has(key)) t.byPerson++
        }
        break
      case 'failed':
      case 'STEP_TIMEOUT':
        if (e.nodeId && enteredAt.has(key)) tally(e.nodeId).failed++
        break
      case 'task.completed': {
        if (!e.nodeId) break
        personDone.add(key)
        const t = tally(e.nodeId)
        if (e.detail?.fallback === true) t.byFallback++
        if (typeof e.detail?.waitedMs === 'number') t.waiting.push(e.detail.waitedMs)
        if (e.detail?.verdict) {
          t.verdicts++
          if (e.detail.verdict === 'override') t.overrides++
        }
        const unitCost = nodes[e.nodeId]?.costPerItem ?? fallbackCostPerItem
        if (unitCost !== undefined) {
          cost += unitCost
          costKnown = true
        }
        break
      }
      case 'sla.breached':
        if (e.nodeId) tally(e.nodeId).slaBreaches++
        break
      case 'assistant.fallback':
        if (e.nodeId) tally(e.nodeId).fallbacks++
        break
      case 'assistant.applied':
        if (e.nodeId) tally(e.nodeId).autoApplied++
        break
    }
  }

  const stepMetrics: Record<string, StepMetrics> = {}
  let completedWork = 0
  let automatedWork = 0
  let verdicts = 0
  let overrides = 0
  let slaBreaches = 0
  for (const [nodeId, info] of Object.entries(nodes)) {
    if (!isWork(info)) continue
    const t = steps.get(nodeId) ?? newTally()
    completedWork += t.completed
    automatedWork += t.completed - t.byPerson
    verdicts += t.verdicts
    overrides += t.overrides
    slaBreaches += t.slaBreaches
    stepMetrics[nodeId] = {
      nodeId,
      label: info.label,
      kind: info.kind,
      started: t.started,
      completed: t.completed,
      failed: t.failed,
      inProgress: inProgress.byNode[nodeId] ?? 0,
      cycleTimeMs: percentiles(t.cycle),
      waitingTimeMs: percentiles(t.waiting),
      automationCoverage: ratio(t.completed - t.byPerson, t.completed),
      overrideRate: ratio(t.overrides, t.verdicts),
      slaBreaches: t.slaBreaches,
      assistantFallbacks: t.fallbacks,
      autoApplied: t.autoApplied,
      doneByFallback: t.byFallback,
    }
  }
  return {
    workflowId,
    ...outcomes,
    inProgress: inProgress.instances,
    cycleTimeMs: percentiles(instanceCycle),
    automationCoverage: ratio(automatedWork, completedWork),
    overrideRate: ratio(overrides, verdicts),
    slaBreaches,
    costPerCompletedItem: costKnown && outcomes.completed > 0 ? cost / outcomes.completed : null,
    steps: stepMetrics,
  }
}
