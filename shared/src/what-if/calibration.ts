import type { Assumption } from './defaults'
import type { Distribution } from './distribution'
import { fitDurations } from './fit-durations'

/**
 * What runs of a workflow showed over a period, counted from its event log: how many items
 * arrived, how long each node's work took, which branches decisions took, and how often steps
 * failed. Keys are node ids (and branch ids), the same as the document's.
 */
export interface RunObservations {
  /** Length of the observed period, in days. */
  days: number
  /** Items started in the period. */
  arrivals: number
  /** Observed durations of each node's work (a person's handling, a machine's run), in minutes. */
  durations: Record<string, number[]>
  /** Times each decision took each of its branches. */
  branches: Record<string, Record<string, number>>
  /** Visits of each step that ended, and how many of them failed (or were rejected). */
  failures: Record<string, { visits: number; failed: number }>
}

/** The figures fitted from runs, which take the place of the typed-in facts in the model. */
export interface Calibration {
  volumePerWeek?: number
  handling: Record<string, Distribution>
  branches: Record<string, Record<string, number>>
  failureRates: Record<string, number>
  /** What was fitted and what fell back to the facts for want of observations. */
  notes: Assumption[]
}

/** Fewer observations than this and a figure keeps the typed-in fact. */
export const minObservations = 30

/**
 * Fits the model's figures to observed runs: arrival rate, each node's handling-time distribution,
 * branch shares and failure rates. Anything observed fewer than `minObservations` times is left to
 * the typed-in facts and noted as such.
 */
export function calibrate(observations: RunObservations, least = minObservations): Calibration {
  const notes: Assumption[] = []
  const few = (count: number, node: string, field: string, what: string) => {
    notes.push({
      node,
      field,
      message: `Only ${count} ${what} observed (fewer than ${least}): the typed-in facts are used.`,
    })
  }
  const calibration: Calibration = { handling: {}, branches: {}, failureRates: {}, notes }
  if (observations.arrivals >= least && observations.days > 0)
    calibration.volumePerWeek = (observations.arrivals / observations.days) * 7
  else
    notes.push({
      field: 'facts.volumePerWeek',
      message: `Only ${observations.arrivals} items arrived in the period (fewer than ${least}): the typed-in volume is used.`,
    })
  for (const [node, minutes] of Object.entries(observations.durations)) {
    if (minutes.length >= least) calibration.handling[node] = fitDurations(minutes)
    else few(minutes.length, node, 'facts.handlingTimeMinutes', 'durations')
  }
  for (const [node, counts] of Object.entries(observations.branches)) {
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0)
    if (total < least) {
      few(total, node, 'branches', 'decisions')
      continue
    }
    calibration.branches[node] = Object.fromEntries(
      Object.entries(counts).map(([branch, count]) => [branch, count / total]),
    )
  }
  for (const [node, { visits, failed }] of Object.entries(observations.failures)) {
    if (visits >= least) calibration.failureRates[node] = failed / visits
    else few(visits, node, 'facts.errorRate', 'visits')
  }
  return calibration
}
