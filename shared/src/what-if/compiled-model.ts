import type { Outcome } from '../kinds/end/schema'
import { meanOf, samplerOf, type Sampler } from './distribution'
import type { WhatIfModel, WhatIfNode } from './model'
import { WeekCalendar } from './weekly-hours'

/** What a node does with an item (small numbers rather than strings: the hot loop compares them). */
export const Work = { None: 0, Person: 1, Machine: 2 } as const
export type Work = (typeof Work)[keyof typeof Work]

export const RouteKind = { Next: 0, Branch: 1, Split: 2, Merge: 3, Finish: 4 } as const
export type RouteKind = (typeof RouteKind)[keyof typeof RouteKind]

/** A node of the model with ids turned into indexes and distributions into samplers, for the hot loop. */
export interface CompiledNode {
  id: string
  work: Work
  lane: number
  sample: Sampler
  cost: number
  assisted: { overrideRate: number; review: Sampler; reviewCost: number } | undefined
  fallback: { rate: number; lane: number; sample: Sampler; cost: number } | undefined
  failureRate: number
  /** -1: the item ends as failed. */
  onFailure: number
  slaMinutes: number
  escalateTo: number
  onTimeout: number
  route: RouteKind
  targets: Int32Array
  /** Cumulative branch probabilities, the last one 1. */
  cumulative: Float64Array
  branches: number
  outcome: Outcome
}

export interface CompiledLane {
  id: string
  name: string
  people: number
  calendar: WeekCalendar | undefined
}

export interface CompiledModel {
  nodes: CompiledNode[]
  lanes: CompiledLane[]
  perHour: number
  calendar: WeekCalendar | undefined
  starts: Int32Array
  startCumulative: Float64Array
  /** Mean minutes of person work per node visit, for reading utilisation back. */
  meanHandling: number[]
}

const noSample: Sampler = () => 0

/** Turns a model into indexes and samplers; the model is expected to be checked (`checkModel`). */
export function compileModel(model: WhatIfModel): CompiledModel {
  const nodeIndex = new Map(model.nodes.map((node, index) => [node.id, index]))
  const laneIndex = new Map(model.lanes.map((lane, index) => [lane.id, index]))
  const node = (id: string | undefined) => (id === undefined ? -1 : nodeIndex.get(id)!)
  const lane = (id: string | undefined) => (id === undefined ? -1 : laneIndex.get(id)!)
  const nodes = model.nodes.map((source): CompiledNode => {
    const work = source.work
    const route = compileRoute(source, node)
    return {
      id: source.id,
      work: work === undefined ? Work.None : work.by === 'person' ? Work.Person : Work.Machine,
      lane: work?.by === 'person' ? lane(work.lane) : -1,
      sample: work === undefined ? noSample : samplerOf(work.by === 'person' ? work.handling : work.duration),
      cost: source.cost,
      assisted:
        work?.by === 'person' && work.assisted
          ? {
              overrideRate: work.assisted.overrideRate,
              review: samplerOf(work.assisted.review),
              reviewCost: work.assisted.reviewCost,
            }
          : undefined,
      fallback:
        work?.by === 'machine' && work.fallback
          ? {
              rate: work.fallback.rate,
              lane: lane(work.fallback.lane),
              sample: samplerOf(work.fallback.handling),
              cost: work.fallback.cost,
            }
          : undefined,
      failureRate: source.failureRate,
      onFailure: node(source.onFailure),
      slaMinutes: source.sla?.withinMinutes ?? Infinity,
      escalateTo: lane(source.sla?.escalateTo),
      onTimeout: node(source.sla?.onTimeout),
      ...route,
    }
  })
  const shares = model.arrivals.starts.map((start) => start.share)
  return {
    nodes,
    lanes: model.lanes.map((source) => ({
      id: source.id,
      name: source.name,
      people: source.people,
      calendar: source.hours ? new WeekCalendar(source.hours) : undefined,
    })),
    perHour: model.arrivals.perHour,
    calendar: model.arrivals.calendar ? new WeekCalendar(model.arrivals.calendar) : undefined,
    starts: Int32Array.from(model.arrivals.starts, (start) => node(start.node)),
    startCumulative: cumulativeOf(shares),
    meanHandling: model.nodes.map((source) =>
      source.work?.by === 'person' ? meanOf(source.work.handling) : 0,
    ),
  }
}

type RouteFields = Pick<CompiledNode, 'route' | 'targets' | 'cumulative' | 'branches' | 'outcome'>

function compileRoute(source: WhatIfNode, node: (id: string) => number): RouteFields {
  const none = { targets: new Int32Array(0), cumulative: new Float64Array(0), branches: 0 }
  const route = source.route
  switch (route.kind) {
    case 'next':
      return { ...none, route: RouteKind.Next, targets: Int32Array.of(node(route.to)), outcome: 'completed' }
    case 'branch':
      return {
        ...none,
        route: RouteKind.Branch,
        targets: Int32Array.from(route.options, (option) => node(option.to)),
        cumulative: cumulativeOf(route.options.map((option) => option.probability)),
        outcome: 'completed',
      }
    case 'split':
      return {
        ...none,
        route: RouteKind.Split,
        targets: Int32Array.from(route.to, node),
        outcome: 'completed',
      }
    case 'merge':
      return {
        ...none,
        route: RouteKind.Merge,
        targets: Int32Array.of(node(route.to)),
        branches: route.branches,
        outcome: 'completed',
      }
    case 'finish':
      return { ...none, route: RouteKind.Finish, outcome: route.outcome }
  }
}

function cumulativeOf(weights: number[]): Float64Array {
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  const cumulative = new Float64Array(weights.length)
  let running = 0
  weights.forEach((weight, index) => {
    running += total > 0 ? weight / total : 1 / weights.length
    cumulative[index] = running
  })
  if (weights.length > 0) cumulative[weights.length - 1] = 1
  return cumulative
}
