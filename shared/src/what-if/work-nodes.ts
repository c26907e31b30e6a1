import { stepExceptions } from '../kinds/step/exceptions'
import { durationToMs, type CurrentStateFacts, type NodeOfKind, type Sla } from '../model'
import { whatIfDefaults } from './defaults'
import { scaleDistribution, type Distribution } from './distribution'
import type { ModelContext } from './model-context'
import type { WhatIfNode, WhatIfRoute, WhatIfSla } from './model'
import { formatPercent } from './outputs'

type NodeRule = Omit<WhatIfNode, 'id' | 'label'>

/** The lane people's work goes to when its node names none (a map still being drawn). */
export const noLane = 'no-lane'

/**
 * A step: a machine's work (automate) or a person's (human, augment), from its facts and the
 * scenario's change. A person's handling time is exponential around the typed-in mean; a machine
 * takes its handling plus waiting time (an automated step's wait is for something outside, like a
 * customer's reply, not for people).
 */
export function stepNode(node: NodeOfKind<'step'>, context: ModelContext): NodeRule {
  const change = context.scenario.steps?.[node.id]
  const facts = node.data.facts ?? {}
  const mode = change?.mode ?? node.data.mode
  const exceptions = Object.fromEntries(stepExceptions(context.graph, node.id))
  const fitted = context.calibration?.handling[node.id]
  // Durations observed while the step was automated are a machine's, not a person's.
  const personHandling = (): Distribution => {
    if (change?.handlingTimeMinutes !== undefined) return exponential(change.handlingTimeMinutes)
    if (fitted && node.data.mode !== 'automate') return fitted
    return exponential(
      typedOrAssumed(context, node.id, facts, 'handlingTimeMinutes', whatIfDefaults.personMinutes),
    )
  }
  const errorRate = context.calibration?.failureRates[node.id] ?? facts.errorRate ?? 0
  const personCost = () => change?.costPerItem ?? costOf(context, node.id, facts)
  const route: WhatIfRoute = context.onward(node.id, 'completed')
  const sla = slaOf(context, node.id, node.data.sla, exceptions.timeout)

  if (mode === 'automate' && node.data.mode === 'automate') {
    const duration: Distribution =
      change?.machineMinutes !== undefined
        ? { kind: 'fixed', minutes: change.machineMinutes }
        : (fitted ?? {
            kind: 'fixed',
            minutes:
              typedOrAssumed(context, node.id, facts, 'handlingTimeMinutes', whatIfDefaults.machineMinutes) +
              (facts.waitTimeMinutes ?? 0),
          })
    return {
      work: { by: 'machine', duration },
      cost: change?.costPerItem ?? costOf(context, node.id, facts),
      failureRate: errorRate,
      ...(exceptions.error && { onFailure: exceptions.error }),
      ...(sla && { sla }),
      route,
    }
  }
  if (mode === 'automate') {
    // People's work handed to a machine; the override rate is the share it hands back to them.
    const lane = laneOf(context, node.id, node.data.lane)
    // Without a figure given, the share of suggestions people overrode in runs is the share it gets wrong.
    const rate = change?.overrideRate ?? context.calibration?.overrideRates[node.id] ?? 0
    return {
      work: {
        by: 'machine',
        duration: { kind: 'fixed', minutes: change?.machineMinutes ?? whatIfDefaults.machineMinutes },
        ...(rate > 0 && {
          fallback: {
            rate,
            lane,
            handling: personHandling(),
            cost: costOf(context, node.id, facts),
          },
        }),
      },
      cost: change?.costPerItem ?? 0,
      failureRate: 0,
      ...(sla && { sla }),
      route,
    }
  }
  const handling = personHandling()
  const cost = personCost()
  const assisted = mode === 'augment' && (node.data.mode !== 'augment' || change?.overrideRate !== undefined)
  const observedOverrides = context.calibration?.overrideRates[node.id]
  const overrideRate = change?.overrideRate ?? observedOverrides ?? whatIfDefaults.overrideRate
  if (assisted && change?.overrideRate === undefined && observedOverrides === undefined)
    context.assume({
      node: node.id,
      field: 'overrideRate',
      message: `${context.nameOf(node.id)} is switched to augment without an override rate; ${formatPercent(overrideRate)} of suggestions overridden assumed.`,
    })
  return {
    work: {
      by: 'person',
      lane: laneOf(context, node.id, node.data.lane),
      handling,
      ...(assisted && {
        assisted: {
          overrideRate,
          review: scaleDistribution(handling, whatIfDefaults.reviewShare),
          reviewCost: cost * whatIfDefaults.reviewShare,
        },
      }),
    },
    cost,
    // A person's errors are rejections only where the step has a path for them.
    failureRate: exceptions.rejection ? errorRate : 0,
    ...(exceptions.rejection && { onFailure: exceptions.rejection }),
    ...(sla && { sla }),
    route,
  }
}

/**
 * A decision: taken by rules at once, or by a person (confirming an assistant's recommendation or
 * not) in its lane. Its branch shares come from the scenario, else from the weekly volumes of the
 * steps a branch alone leads to, else the rest is split evenly (and reported).
 */
export function decisionNode(node: NodeOfKind<'decision'>, context: ModelContext): NodeRule {
  const facts = node.data.facts ?? {}
  const sla = slaOf(context, node.id, node.data.sla, undefined)
  const byPerson = node.data.decidedBy !== 'rule'
  return {
    ...(byPerson && {
      work: {
        by: 'person' as const,
        lane: laneOf(context, node.id, node.data.lane),
        handling:
          context.calibration?.handling[node.id] ??
          exponential(
            typedOrAssumed(context, node.id, facts, 'handlingTimeMinutes', whatIfDefaults.personMinutes),
          ),
      },
    }),
    cost: byPerson ? costOf(context, node.id, facts) : (facts.costPerItem ?? 0),
    failureRate: 0,
    ...(sla && { sla }),
    route: branchRoute(node, context),
  }
}

function branchRoute(node: NodeOfKind<'decision'>, context: ModelContext): WhatIfRoute {
  const { graph } = context
  const given = context.scenario.branches?.[node.id] ?? {}
  const observed = context.calibration?.branches[node.id]
  const volume = node.data.facts?.volumePerWeek
  const options = node.data.branches.flatMap((branch) => {
    const edge = graph.outgoing.get(node.id)?.find((candidate) => candidate.sourceHandle === branch.id)
    return edge && graph.nodes.has(edge.target)
      ? [{ branch: branch.id, label: branch.label, to: edge.target }]
      : []
  })
  if (options.length === 0) return context.onward(node.id, 'completed')
  const shares = new Map<string, number>()
  for (const option of options) {
    const share =
      given[option.branch] ??
      (observed ? (observed[option.branch] ?? 0) : volumeShare(context, node.id, option.to, volume))
    if (share !== undefined) shares.set(option.branch, share)
  }
  const known = [...shares.values()].reduce((sum, share) => sum + share, 0)
  const rest = options.filter((option) => !shares.has(option.branch))
  if (rest.length > 0) {
    const each = Math.max(0, 1 - known) / rest.length
    for (const option of rest) shares.set(option.branch, each)
    context.assume({
      node: node.id,
      field: 'branches',
      message: `How often ${context.nameOf(node.id)} takes ${rest.map((option) => `“${option.label}”`).join(', ')} is not known; ${formatPercent(each)}${rest.length > 1 ? ' each' : ''} assumed.`,
    })
  }
  return {
    kind: 'branch',
    options: options.map(({ branch, to }) => ({ branch, to, probability: shares.get(branch)! })),
  }
}

/** A branch's share from volumes: the weekly volume of a step only this decision leads to, over the decision's. */
function volumeShare(
  context: ModelContext,
  decisionId: string,
  targetId: string,
  volume: number | undefined,
) {
  const target = context.graph.nodes.get(targetId)
  const targetVolume = target && 'facts' in target.data ? target.data.facts?.volumePerWeek : undefined
  if (volume === undefined || volume <= 0 || targetVolume === undefined) return undefined
  const sources = context.graph.incoming.get(targetId) ?? []
  if (sources.some((edge) => edge.source !== decisionId)) return undefined
  return Math.min(1, targetVolume / volume)
}

function slaOf(
  context: ModelContext,
  nodeId: string,
  typed: Sla | undefined,
  timeoutException: string | undefined,
): WhatIfSla | undefined {
  const changed = context.scenario.sla && nodeId in context.scenario.sla
  const within = changed ? context.scenario.sla![nodeId] : typed?.within
  if (!within) return undefined
  const escalateTo = typed?.escalateTo
  if (escalateTo !== undefined && context.document.lanes.some((lane) => lane.id === escalateTo)) {
    context.lanesInUse.add(escalateTo)
    return { withinMinutes: minutesOf(within), escalateTo }
  }
  return { withinMinutes: minutesOf(within), ...(timeoutException && { onTimeout: timeoutException }) }
}

function minutesOf(duration: string): number {
  return durationToMs(duration) / 60_000
}

function laneOf(context: ModelContext, nodeId: string, lane: string | undefined): string {
  if (lane !== undefined && context.document.lanes.some((candidate) => candidate.id === lane)) {
    context.lanesInUse.add(lane)
    return lane
  }
  context.assume({
    node: nodeId,
    field: 'lane',
    message: `${context.nameOf(nodeId)} is people's work with no lane; it is queued with other such work.`,
  })
  context.lanesInUse.add(noLane)
  return noLane
}

function typedOrAssumed(
  context: ModelContext,
  nodeId: string,
  facts: CurrentStateFacts,
  field: 'handlingTimeMinutes',
  fallback: number,
): number {
  const typed = facts[field]
  if (typed !== undefined) return typed
  context.assume({
    node: nodeId,
    field: `facts.${field}`,
    message: `${context.nameOf(nodeId)} has no handling time; ${fallback} minutes assumed.`,
  })
  return fallback
}

function costOf(context: ModelContext, nodeId: string, facts: CurrentStateFacts): number {
  if (facts.costPerItem !== undefined) return facts.costPerItem
  context.assume({
    node: nodeId,
    field: 'facts.costPerItem',
    message: `${context.nameOf(nodeId)} has no cost per item; 0 assumed.`,
  })
  return 0
}

function exponential(meanMinutes: number): Distribution {
  return { kind: 'exponential', meanMinutes }
}
