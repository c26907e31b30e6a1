import { DayTallies, dayOf, type TallyEntry, type TallyKey } from './day-tallies'
import type { ItemTally, StepTally } from './metric-tallies'
import { foldEvent, newItemState, type ItemState, type MetricEvent, type NodeInfo } from './metric-fold'
import { readFigures, type Figures } from './metrics-readout'

/** The nodes of each deployment, by deployment id (a deployment's nodes never change). */
export type NodesOf = (deploymentId: string) => Record<string, NodeInfo>

/**
 * Folds an event log (in order) into day tallies, and the items not yet ended with their state
 * (pass both on to fold the log's next part).
 * The incremental aggregates run the same fold a batch at a time; this is the full recomputation.
 */
export function foldLog(
  events: Iterable<MetricEvent>,
  nodesOf: NodesOf,
  tallies = new DayTallies(),
  open = new Map<string, ItemState>(),
): { tallies: DayTallies; open: Map<string, ItemState> } {
  for (const e of events) {
    let item = open.get(e.instanceId)
    if (!item) open.set(e.instanceId, (item = newItemState()))
    if (foldEvent(item, e, nodesOf(e.deploymentId), tallies)) open.delete(e.instanceId)
  }
  return { tallies, open }
}

export interface MetricsScope {
  workflowId: string
  currency: string
  /** The workflow's nodes (latest deployment first in precedence). */
  nodes: Record<string, NodeInfo>
  deploymentId?: string
  /** Only days from this time's UTC day on. */
  since?: number
}

/** A workflow's metrics recomputed from its whole event log. */
export function computeMetrics(
  events: Iterable<MetricEvent>,
  nodesOf: NodesOf,
  scope: MetricsScope,
): Figures {
  const { tallies } = foldLog(events, nodesOf)
  return figuresIn(tallies.steps.values(), tallies.items.values(), scope)
}

/**
 * The same from a log read page by page (the pages in order, each page's events in order): only
 * one page is held at a time, whatever the log's length.
 */
export async function computeMetricsOfPages(
  pages: AsyncIterable<Iterable<MetricEvent>>,
  nodesOf: NodesOf,
  scope: MetricsScope,
): Promise<Figures> {
  const tallies = new DayTallies()
  const open = new Map<string, ItemState>()
  for await (const events of pages) foldLog(events, nodesOf, tallies, open)
  return figuresIn(tallies.steps.values(), tallies.items.values(), scope)
}

/** The tallies of the scope's deployment; with `period`, only those of its days too. */
function inScope<T extends { key: TallyKey }>(
  entries: Iterable<T>,
  scope: MetricsScope,
  period: boolean,
): T[] {
  return [...entries].filter(
    ({ key }) =>
      (scope.deploymentId === undefined || key.deploymentId === scope.deploymentId) &&
      (!period || scope.since === undefined || key.day >= dayOf(scope.since)),
  )
}

/** The figures of a scope (deployment, period) out of a workflow's day tallies. */
export function figuresIn(
  steps: Iterable<TallyEntry<StepTally>>,
  items: Iterable<TallyEntry<ItemTally>>,
  scope: MetricsScope,
): Figures {
  const stepList = [...steps]
  const itemList = [...items]
  return readFigures({
    workflowId: scope.workflowId,
    currency: scope.currency,
    nodes: scope.nodes,
    steps: inScope(stepList, scope, true),
    items: inScope(itemList, scope, true),
    allSteps: inScope(stepList, scope, false),
    allItems: inScope(itemList, scope, false),
  })
}
