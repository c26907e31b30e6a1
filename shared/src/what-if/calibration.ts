import { arrivalCalendarOf } from './arrival-calendar'
import type { Assumption } from './defaults'
import { meanOf, type Distribution } from './distribution'
import { fitDurations } from './fit-durations'
import type { WeeklyHours } from './model'
import { formatMinutes, formatPercent } from './outputs'

/**
 * What runs of a workflow showed over a period, counted from its event log: how many items
 * arrived (and when), how long each node's work took, which branches decisions took, how often
 * steps failed and how often people overrode the assistant. Keys are node ids (and branch ids),
 * the same as the document's.
 */
export interface RunObservations {
  /** Length of the observed period, in days. */
  days: number
  /** Items started in the period. */
  arrivals: number
  /** When each item started (milliseconds since the epoch), to read a weekly calendar from. */
  arrivalTimes?: number[]
  /** Observed durations of each node's work (a person's handling, a machine's run), in minutes. */
  durations: Record<string, number[]>
  /** Times each decision took each of its branches. */
  branches: Record<string, Record<string, number>>
  /** Visits of each step that ended, and how many of them failed (or were rejected). */
  failures: Record<string, { visits: number; failed: number }>
  /** Suggestions people judged at each assisted step, and how many they overrode. */
  verdicts?: Record<string, { verdicts: number; overrides: number }>
}

/** One figure of a calibration: taken from runs, or left to the typed-in facts for want of them. */
export interface CalibrationFigure {
  node?: string
  /** The model's figure, named as the fact it replaces (`facts.handlingTimeMinutes`, `branches`, …). */
  field: string
  source: 'runs' | 'facts'
  /** How many observations there were. */
  observations: number
  /** The figure in plain words. */
  message: string
}

/** What a calibration rests on: the period, the items in it, and where each figure came from. */
export interface CalibrationReport {
  days: number
  items: number
  /** Observations a figure needs to be taken from runs. */
  least: number
  figures: CalibrationFigure[]
}

/** The figures fitted from runs, which take the place of the typed-in facts in the model. */
export interface Calibration {
  volumePerWeek?: number
  /** When items arrive, where the runs show a weekly pattern. */
  arrivalHours?: WeeklyHours
  handling: Record<string, Distribution>
  branches: Record<string, Record<string, number>>
  failureRates: Record<string, number>
  /** Share of an assistant's suggestions people override, per step. */
  overrideRates: Record<string, number>
  /** What fell back to the facts for want of observations, as the model's assumptions. */
  notes: Assumption[]
  report: CalibrationReport
}

/** Fewer observations than this and a figure keeps the typed-in fact. */
export const minObservations = 30

/**
 * Fits the model's figures to observed runs: arrival rate (and weekly hours), each node's
 * handling-time distribution, branch shares, failure and override rates. Anything observed fewer
 * than `least` times is left to the typed-in facts, noted as such.
 */
export function calibrate(observations: RunObservations, least = minObservations): Calibration {
  const notes: Assumption[] = []
  const figures: CalibrationFigure[] = []
  const fromRuns = (field: string, count: number, message: string, node?: string) =>
    figures.push({ ...(node !== undefined && { node }), field, source: 'runs', observations: count, message })
  const fromFacts = (field: string, count: number, what: string, node?: string) => {
    const message = `Only ${count} ${what} observed (fewer than ${least}): the typed-in facts are used.`
    notes.push({ ...(node !== undefined && { node }), field, message })
    figures.push({
      ...(node !== undefined && { node }),
      field,
      source: 'facts',
      observations: count,
      message,
    })
  }
  const calibration: Calibration = {
    handling: {},
    branches: {},
    failureRates: {},
    overrideRates: {},
    notes,
    report: { days: observations.days, items: observations.arrivals, least, figures },
  }

  const { arrivals, days } = observations
  if (arrivals >= least && days > 0) {
    calibration.volumePerWeek = (arrivals / days) * 7
    const hours = arrivalCalendarOf(observations.arrivalTimes ?? [], days)
    if (hours) calibration.arrivalHours = hours
    fromRuns(
      'facts.volumePerWeek',
      arrivals,
      `${round(calibration.volumePerWeek)} items a week (${arrivals} in ${days} days)${hours ? `, arriving ${describeHours(hours)}` : ''}.`,
    )
  } else fromFacts('facts.volumePerWeek', arrivals, 'items arriving', undefined)

  for (const [node, minutes] of Object.entries(observations.durations)) {
    if (minutes.length < least) {
      fromFacts('facts.handlingTimeMinutes', minutes.length, 'durations', node)
      continue
    }
    const fitted = fitDurations(minutes)
    calibration.handling[node] = fitted
    fromRuns(
      'facts.handlingTimeMinutes',
      minutes.length,
      `Takes ${formatMinutes(meanOf(fitted))} on average (${describeShape(fitted)}).`,
      node,
    )
  }
  for (const [node, counts] of Object.entries(observations.branches)) {
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0)
    if (total < least) {
      fromFacts('branches', total, 'decisions', node)
      continue
    }
    calibration.branches[node] = Object.fromEntries(
      Object.entries(counts).map(([branch, count]) => [branch, count / total]),
    )
    const shares = Object.entries(counts).map(
      ([branch, count]) => `“${branch}” ${formatPercent(count / total)}`,
    )
    fromRuns('branches', total, `Branches taken: ${shares.join(', ')}.`, node)
  }
  for (const [node, { visits, failed }] of Object.entries(observations.failures)) {
    if (visits < least) {
      fromFacts('facts.errorRate', visits, 'visits', node)
      continue
    }
    calibration.failureRates[node] = failed / visits
    fromRuns('facts.errorRate', visits, `${formatPercent(failed / visits)} fail or are rejected.`, node)
  }
  for (const [node, { verdicts, overrides }] of Object.entries(observations.verdicts ?? {})) {
    if (verdicts < least) {
      fromFacts('overrideRate', verdicts, 'verdicts on suggestions', node)
      continue
    }
    calibration.overrideRates[node] = overrides / verdicts
    fromRuns(
      'overrideRate',
      verdicts,
      `People override ${formatPercent(overrides / verdicts)} of suggestions.`,
      node,
    )
  }
  return calibration
}

function describeShape(distribution: Distribution): string {
  switch (distribution.kind) {
    case 'lognormal':
      return 'mostly quick, with a long tail'
    case 'exponential':
      return 'as often quick as slow, without a usual time'
    case 'fixed':
      return 'always the same'
    case 'empirical':
      return 'replayed as observed'
  }
}

const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

function describeHours(hours: WeeklyHours): string {
  const days = hours.days.map((day) => dayNames[day]!.slice(0, 3)).join(', ')
  const hour = (value: number) => `${String(value).padStart(2, '0')}:00`
  return `${days} ${hour(hours.fromHour)}–${hour(hours.toHour)} UTC`
}

function round(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10)
}
