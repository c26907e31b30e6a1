import type { Outcome } from '../kinds/end/schema'
import type { RawRun } from './simulator'

export interface LaneOutput {
  id: string
  name: string
  people: number
  /** Share of the people's working time spent working, 0..1 (1 when it has work and nobody). */
  utilisation: number
  /** Items waiting in the lane's queue, on average over time. */
  meanQueueLength: number
  meanWaitMinutes: number
}

export interface StepOutput {
  id: string
  /** Visits per item that arrived: above 1 where work loops back. */
  visitsPerItem: number
  meanWaitMinutes: number
  slaBreaches: number
}

export interface WhatIfOutputs {
  arrived: number
  ended: number
  /** Items still in the flow when nothing more could happen (stuck in a lane without people, or looping). */
  unfinished: number
  leadTimeMinutes: { p50: number; p90: number; p99: number; mean: number }
  /** Items ended per hour in the second half of the time items arrive (the first half fills the flow). */
  throughputPerHour: number
  /** Share of ended items no person worked on. */
  touchlessRate: number
  /** Share of ended items that breached at least one SLA. */
  slaBreachRate: number
  /** Cost of every ended item's work (whatever its outcome), per ended item. */
  costPerItem: number
  outcomes: Record<Outcome, number>
  lanes: LaneOutput[]
  steps: StepOutput[]
  /** The lane whose people are busiest; absent when no person works in the flow. */
  bottleneck?: { lane: string; name: string; utilisation: number }
  verdict: string
}

/** Above this a lane is not keeping up: its queue grows for as long as work arrives. */
export const saturatedUtilisation = 0.97

export function outputsOf(run: RawRun, nodeIds: readonly string[]): Omit<WhatIfOutputs, 'verdict'> {
  const sorted = Float64Array.from(run.leadTimes).sort()
  const ended = run.ended
  const share = (count: number) => (ended === 0 ? 0 : count / ended)
  const lanes = run.lanes.map((lane): LaneOutput => {
    const capacity = lane.people * lane.openMinutes
    const utilisation =
      capacity > 0 ? lane.busyArea / capacity : lane.queueArea > 0 || lane.served > 0 ? 1 : 0
    return {
      id: lane.id,
      name: lane.name,
      people: lane.people,
      utilisation,
      meanQueueLength: lane.openMinutes > 0 ? lane.queueArea / lane.openMinutes : 0,
      meanWaitMinutes: lane.served > 0 ? lane.waitSum / lane.served : 0,
    }
  })
  const busiest = lanes.reduce<LaneOutput | undefined>(
    (best, lane) => (lane.utilisation > 0 && (!best || lane.utilisation > best.utilisation) ? lane : best),
    undefined,
  )
  return {
    arrived: run.arrived,
    ended,
    unfinished: run.arrived - ended,
    leadTimeMinutes: {
      p50: quantile(sorted, 0.5),
      p90: quantile(sorted, 0.9),
      p99: quantile(sorted, 0.99),
      mean: ended === 0 ? 0 : sorted.reduce((sum, minutes) => sum + minutes, 0) / ended,
    },
    throughputPerHour: throughputOf(run.endTimes, run.lastArrival),
    touchlessRate: share(run.touchless),
    slaBreachRate: share(run.breachedItems),
    costPerItem: ended === 0 ? 0 : run.cost / ended,
    outcomes: run.outcomes,
    lanes,
    steps: run.nodes.flatMap((node, index) =>
      node.served > 0 || node.breaches > 0
        ? [
            {
              id: nodeIds[index]!,
              visitsPerItem: run.arrived === 0 ? 0 : node.visits / run.arrived,
              meanWaitMinutes: node.served > 0 ? node.waitSum / node.served : 0,
              slaBreaches: node.breaches,
            },
          ]
        : [],
    ),
    ...(busiest && {
      bottleneck: { lane: busiest.id, name: busiest.name, utilisation: busiest.utilisation },
    }),
  }
}

function throughputOf(endTimes: Float64Array, lastArrival: number): number {
  const from = lastArrival / 2
  if (from <= 0) return 0
  let count = 0
  for (const time of endTimes) if (time >= from && time <= lastArrival) count++
  return (count / (lastArrival - from)) * 60
}

/** Nearest-rank quantile of sorted values; 0 when there are none. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

/** "12 min", "3.4 h", "2.1 days": how long, in the unit a person would use. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${round(minutes)} min`
  if (minutes < 48 * 60) return `${round(minutes / 60)} h`
  return `${round(minutes / 1440)} days`
}

export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`
}

function round(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10)
}

/** One run's verdict in plain words: where work piles up, and how long items take. */
export function verdictOf(outputs: Omit<WhatIfOutputs, 'verdict'>): string {
  const sentences: string[] = []
  const bottleneck = outputs.bottleneck
  const lane = bottleneck && outputs.lanes.find((candidate) => candidate.id === bottleneck.lane)
  if (lane && lane.people === 0) {
    sentences.push(`${lane.name} has no people, so work sent there is never done.`)
  } else if (lane && lane.utilisation >= saturatedUtilisation) {
    sentences.push(
      `${lane.name} cannot keep up: its people are busy ${formatPercent(lane.utilisation)} of their time and work waits ${formatMinutes(lane.meanWaitMinutes)} there on average, growing for as long as work arrives.`,
    )
  } else if (lane) {
    sentences.push(
      `${lane.name} is the bottleneck: its people are busy ${formatPercent(lane.utilisation)} of their time and work waits ${formatMinutes(lane.meanWaitMinutes)} there on average.`,
    )
  } else {
    sentences.push('No person works in this flow, so nothing queues for people.')
  }
  if (outputs.ended > 0) {
    const lead = outputs.leadTimeMinutes
    sentences.push(
      `Half the items are done within ${formatMinutes(lead.p50)}, nine in ten within ${formatMinutes(lead.p90)}.`,
    )
  }
  if (outputs.unfinished > 0)
    sentences.push(`${outputs.unfinished} of ${outputs.arrived} items never finish.`)
  return sentences.join(' ')
}
