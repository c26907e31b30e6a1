import {
  buildGraph,
  analyzeForks,
  triggerIds,
  successorsOf,
  outgoingEdges,
  type WorkflowGraph,
} from '../graph'
import type { NodeKind, NodeOfKind, WorkflowDocument } from '../model'
import type { Calibration } from './calibration'
import { whatIfDefaults, type Assumption } from './defaults'
import type { WhatIfModel, WhatIfNode } from './model'
import type { ModelContext } from './model-context'
import type { WhatIfScenario } from './scenario'
import { decisionNode, noLane, stepNode } from './work-nodes'
import { WeekCalendar, minutesPerWeek } from './weekly-hours'

type KindRule<K extends NodeKind> = (
  node: NodeOfKind<K>,
  context: ModelContext,
) => Omit<WhatIfNode, 'id' | 'label'>

const passThrough = { cost: 0, failureRate: 0 }

/** How each kind of node becomes simulated work and routes. */
const kindRules: { [K in NodeKind]: KindRule<K> | undefined } = {
  trigger: (node, context) => ({ ...passThrough, route: context.onward(node.id, 'completed') }),
  step: stepNode,
  decision: decisionNode,
  exception: (node, context) => ({ ...passThrough, route: context.onward(node.id, 'failed') }),
  fork: (node, context) => ({
    ...passThrough,
    route: { kind: 'split', to: [...successorsOf(context.graph, node.id)] },
  }),
  join: (node, context) => ({
    ...passThrough,
    route: {
      kind: 'merge',
      branches: context.branchesAtJoin.get(node.id) ?? 1,
      to: onwardTarget(context, node.id),
    },
  }),
  end: (node) => ({ ...passThrough, route: { kind: 'finish', outcome: node.data.outcome } }),
  // Notes are not part of the flow.
  note: undefined,
}

function onwardTarget(context: ModelContext, nodeId: string): string {
  const route = context.onward(nodeId, 'completed')
  return route.kind === 'next' ? route.to : nodeId
}

/**
 * The simulation model of a workflow under a scenario: its steps' typed-in facts (volume, handling
 * time, error rate, cost, staff) with the scenario's changes on top, and the assumptions made
 * where a fact is missing. With a calibration, the figures fitted from runs take the place of the
 * facts. The scenario is expected to be checked (`checkScenario`).
 */
export function whatIfModel(
  document: WorkflowDocument,
  scenario: WhatIfScenario = {},
  calibration?: Calibration,
): { model: WhatIfModel; assumptions: Assumption[] } {
  const graph = buildGraph(document)
  const assumptions: Assumption[] = [...(calibration?.notes ?? [])]
  const branchesAtJoin = new Map<string, number>()
  for (const block of analyzeForks(graph).blocks.values())
    if (block.join) branchesAtJoin.set(block.join, block.regions.length)
  const context: ModelContext = {
    document,
    graph,
    scenario,
    calibration,
    branchesAtJoin,
    lanesInUse: new Set(),
    assume: (assumption) => assumptions.push(assumption),
    nameOf: (nodeId) => `“${graph.nodes.get(nodeId)?.data.label ?? nodeId}”`,
    onward: (nodeId, otherwise) => {
      const next = outgoingEdges(graph, nodeId).find((edge) => graph.nodes.has(edge.target))
      if (next) return { kind: 'next', to: next.target }
      assumptions.push({
        node: nodeId,
        field: 'edges',
        message: `${context.nameOf(nodeId)} leads nowhere; items that reach it end there as ${otherwise}.`,
      })
      return { kind: 'finish', outcome: otherwise }
    },
  }
  const nodes: WhatIfNode[] = []
  for (const node of graph.nodes.values()) {
    const rule = kindRules[node.type] as KindRule<typeof node.type> | undefined
    if (!rule) continue
    nodes.push({ id: node.id, label: node.data.label, ...rule(node as never, context) })
  }
  return { model: { arrivals: arrivalsOf(context), lanes: lanesOf(context), nodes }, assumptions }
}

function arrivalsOf(context: ModelContext): WhatIfModel['arrivals'] {
  const { graph, scenario } = context
  const starts = triggerIds(graph)
  const volume = context.calibration?.volumePerWeek ?? firstVolume(graph, starts)
  if (volume === undefined)
    context.assume({
      field: 'facts.volumePerWeek',
      message: `No step near the start says how many items arrive a week; ${whatIfDefaults.volumePerWeek} assumed.`,
    })
  const perWeek = (volume ?? whatIfDefaults.volumePerWeek) * (scenario.volumeFactor ?? 1)
  // The scenario's hours (null: around the clock) over the hours runs showed.
  const calendar =
    scenario.arrivalHours !== undefined
      ? (scenario.arrivalHours ?? undefined)
      : context.calibration?.arrivalHours
  const openHours = calendar ? new WeekCalendar(calendar).openPerWeek / 60 : minutesPerWeek / 60
  return {
    perHour: perWeek / openHours,
    ...(calendar && { calendar }),
    starts: starts.map((node) => ({ node, share: 1 })),
  }
}

/** The weekly volume of the first step or decision with one, breadth-first from the triggers. */
function firstVolume(graph: WorkflowGraph, starts: string[]): number | undefined {
  const queue = [...starts]
  const seen = new Set(queue)
  for (let head = 0; head < queue.length; head++) {
    const node = graph.nodes.get(queue[head]!)
    const facts = node && 'facts' in node.data ? node.data.facts : undefined
    if (facts?.volumePerWeek !== undefined) return facts.volumePerWeek
    for (const next of successorsOf(graph, queue[head]!)) {
      if (!seen.has(next)) {
        seen.add(next)
        queue.push(next)
      }
    }
  }
  return undefined
}

function lanesOf(context: ModelContext): WhatIfModel['lanes'] {
  const { document, graph, scenario } = context
  const staff = new Map<string, number>()
  for (const node of graph.nodes.values()) {
    const lane = node.data.lane
    const facts = 'facts' in node.data ? node.data.facts : undefined
    if (lane !== undefined && facts?.staff !== undefined)
      staff.set(lane, Math.max(staff.get(lane) ?? 0, facts.staff))
  }
  // In the document's order, so outputs list lanes the way the diagram draws them.
  const inUse = [...document.lanes.map((lane) => lane.id), noLane].filter((id) => context.lanesInUse.has(id))
  return inUse.map((id) => {
    const lane = document.lanes.find((candidate) => candidate.id === id)
    const name = lane?.name ?? (id === noLane ? 'No lane' : id)
    const change = scenario.lanes?.[id]
    const typed = staff.get(id)
    if (change?.people === undefined && typed === undefined)
      context.assume({
        lane: id,
        field: 'facts.staff',
        message: `No step in ${name} says how many people work there; ${whatIfDefaults.people} assumed.`,
      })
    const people =
      change?.people ?? (typed === undefined ? whatIfDefaults.people : Math.max(1, Math.round(typed)))
    const hours = change?.hours ?? undefined
    return { id, name, people, ...(hours && { hours }) }
  })
}
