import type { HistoryEntryType } from '@conveyor/shared/protocol/event-log'
import type { DayTallies } from './day-tallies'
import { addToSketch } from './duration-sketch'
import type { Outcome } from './metric-tallies'

/** One event-log entry as metrics read it (an `entered` entry per node a transition entered). */
export interface MetricEvent {
  at: number
  instanceId: string
  workflowId: string
  deploymentId: string
  type: HistoryEntryType
  nodeId: string | null
  visit: number | null
  detail: Record<string, unknown> | null
}

/** What metrics need to know of a node of a deployment. */
export interface NodeInfo {
  label: string
  kind: string
  /** Its executions are work (steps, decisions), as opposed to routing. */
  measured: boolean
  /** A machine's execution of it is work a person would otherwise do (an outside service's call). */
  machineStandsIn: boolean
  /** What one execution by a person costs (facts.costPerItem, or the configured default). */
  costPerItem?: number
}

/** An execution of a step or decision not yet ended, as far as metrics need it. */
interface OpenVisit {
  enteredAt: number
  taskAt?: number
  claimedAt?: number
  waitMs?: number
  person?: boolean
  failed?: boolean
  applied?: boolean
}

/** What metrics keep of an item (instance) until it ends; stored between batches. */
export interface ItemState {
  startedAt: number | null
  person: boolean
  touchMs: number
  waitMs: number
  cost: number
  costed: boolean
  reworked: boolean
  /** Open executions by `nodeId:visit`. */
  open: Record<string, OpenVisit>
}

export function newItemState(): ItemState {
  return {
    startedAt: null,
    person: false,
    touchMs: 0,
    waitMs: 0,
    cost: 0,
    costed: false,
    reworked: false,
    open: {},
  }
}

const outcomes = new Set<string>(['completed', 'rejected', 'failed', 'cancelled'])

/** The event types whose `detail` the fold reads: the others' detail need not be parsed. */
export const typesWithDetail: ReadonlySet<HistoryEntryType> = new Set<HistoryEntryType>([
  'task.completed',
  'task.rejected',
  'finished',
])

// The helpers are module functions, not closures made per event: the fold runs for every event
// the runtime writes, inside its transaction.

/** The tally of the event's step (or of `nodeId`) on the event's day. */
function stepTally(tallies: DayTallies, e: MetricEvent, nodeId = e.nodeId!) {
  return tallies.step(e.workflowId, e.deploymentId, nodeId, e.at)
}

function endVisit(
  item: ItemState,
  e: MetricEvent,
  nodes: Record<string, NodeInfo>,
  tallies: DayTallies,
  visitKey: string,
  open: OpenVisit,
  outcome: Outcome,
): void {
  delete item.open[visitKey]
  const nodeId = visitKey.slice(0, visitKey.lastIndexOf(':'))
  const t = stepTally(tallies, e, nodeId)
  t[outcome]++
  if (open.person) t.byPerson++
  else if (outcome === 'completed' && (open.applied || nodes[nodeId]?.machineStandsIn)) t.byMachine++
  if (outcome === 'completed' || outcome === 'rejected') {
    const waitMs = open.waitMs ?? 0
    addToSketch(t.handling, e.at - open.enteredAt - waitMs)
    if (open.person) addToSketch(t.waiting, waitMs)
  }
}

/** The item was cancelled (or ended) with executions open: a failed one (an incident) stays failed. */
function endOpenVisits(
  item: ItemState,
  e: MetricEvent,
  nodes: Record<string, NodeInfo>,
  tallies: DayTallies,
) {
  for (const [visitKey, open] of Object.entries(item.open)) {
    endVisit(item, e, nodes, tallies, visitKey, open, open.failed ? 'failed' : 'cancelled')
  }
}

/**
 * Folds one event of an item into its state and the day tallies. Returns true when the item
 * ended (its state can be dropped). Each figure's definition is in the runtime README's table;
 * this is the one place that implements it, for the full recomputation and the incremental one.
 */
export function foldEvent(
  item: ItemState,
  e: MetricEvent,
  nodes: Record<string, NodeInfo>,
  tallies: DayTallies,
): boolean {
  const { workflowId, deploymentId } = e
  const key = `${e.nodeId}:${e.visit}`
  const visit = item.open[key]
  const node = e.nodeId === null ? undefined : nodes[e.nodeId]

  switch (e.type) {
    case 'START':
      item.startedAt = e.at
      tallies.item(workflowId, deploymentId, e.at).started++
      return false
    case 'entered':
      if (!node?.measured) return false
      item.open[key] = { enteredAt: e.at }
      if ((e.visit ?? 1) > 1) item.reworked = true
      stepTally(tallies, e).started++
      return false
    case 'task.created':
      if (visit && visit.taskAt === undefined) visit.taskAt = e.at
      return false
    case 'task.claimed':
      if (visit) visit.claimedAt = e.at
      return false
    case 'task.released':
      if (visit) delete visit.claimedAt
      return false
    case 'task.completed':
    case 'task.rejected': {
      if (!e.nodeId) return false
      const t = stepTally(tallies, e)
      const taskAt = visit?.taskAt ?? visit?.enteredAt ?? e.at
      const waited = e.detail?.waitedMs
      const waitMs = typeof waited === 'number' ? waited : (visit?.claimedAt ?? e.at) - taskAt
      const touchMs = Math.max(0, e.at - taskAt - waitMs)
      if (visit) Object.assign(visit, { person: true, waitMs })
      item.person = true
      item.touchMs += touchMs
      item.waitMs += waitMs
      if (e.detail?.fallback === true && e.type === 'task.completed') t.doneByFallback++
      if (e.detail?.verdict) {
        t.verdicts++
        if (e.detail.verdict === 'override') t.overrides++
      }
      if (node?.costPerItem !== undefined) {
        t.costed++
        t.cost += node.costPerItem
        item.cost += node.costPerItem
        item.costed = true
      }
      return false
    }
    case 'assistant.applied':
      if (visit) visit.applied = true
      if (e.nodeId) stepTally(tallies, e).autoApplied++
      return false
    case 'assistant.fallback':
      if (e.nodeId) stepTally(tallies, e).assistantFallbacks++
      return false
    case 'sla.breached':
      if (e.nodeId) stepTally(tallies, e).slaBreaches++
      return false
    case 'failed':
      if (visit) visit.failed = true
      return false
    case 'STEP_DONE':
    case 'DECIDE':
      if (visit) endVisit(item, e, nodes, tallies, key, visit, 'completed')
      return false
    case 'STEP_REJECTED':
      if (visit) endVisit(item, e, nodes, tallies, key, visit, 'rejected')
      return false
    case 'STEP_FAILED':
      if (visit) endVisit(item, e, nodes, tallies, key, visit, 'failed')
      return false
    case 'STEP_TIMEOUT':
      // A call that timed out for good is a failure; an SLA's timeout path is a breach, and the
      // execution it abandons is cancelled.
      if (visit) endVisit(item, e, nodes, tallies, key, visit, visit.failed ? 'failed' : 'cancelled')
      return false
    case 'CANCEL':
      endOpenVisits(item, e, nodes, tallies)
      return false
    case 'finished': {
      endOpenVisits(item, e, nodes, tallies)
      const said = String(e.detail?.outcome ?? 'completed')
      const outcome = (outcomes.has(said) ? said : 'failed') as Outcome
      const t = tallies.item(workflowId, deploymentId, e.at)
      t[outcome]++
      if (!item.person) t.touchless++
      if (item.reworked) t.reworked++
      if (item.costed) {
        t.costed++
        t.cost += item.cost
      }
      if (item.startedAt !== null) addToSketch(t.lead, e.at - item.startedAt)
      addToSketch(t.touch, item.touchMs)
      addToSketch(t.waiting, item.waitMs)
      return true
    }
    default:
      return false
  }
}
