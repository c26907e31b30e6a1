import type {
  GuardrailComparison,
  GuardrailMetric,
  PilotState,
  PilotView,
} from '@conveyor/shared/protocol/pilots'
import { formatDuration } from './format'

/** What each guardrail measures, as people say it. */
export const metricNames: Record<GuardrailMetric, string> = {
  errorRate: 'Errors',
  overrideRate: 'Suggestions overridden',
  leadTimeP90: 'Lead time (9 in 10 items within)',
  slaBreachRate: 'Deadlines missed',
  fallbackRate: 'Done by hand',
}

export const stateNames: Record<PilotState, string> = {
  running: 'Running',
  'rolled-back': 'Rolled back',
  promoted: 'Promoted',
  ended: 'Ended',
}

/** A lead time as a duration, every other metric as a share: "4%", "2.5%", "3.2 h". */
export function figureOf(metric: GuardrailMetric, value: number): string {
  if (metric === 'leadTimeP90') return formatDuration(value)
  return `${Number((value * 100).toFixed(1))}%`
}

/** "the limit of 2%", or for a limit relative to the baseline "1.5× the current version's 1%". */
export function limitOf(comparison: GuardrailComparison): string {
  const { metric, max, maxVsBaseline, baseline } = comparison
  if (max !== undefined) return `the limit of ${figureOf(metric, max)}`
  const base = baseline.value === null ? '' : ` ${figureOf(metric, baseline.value)}`
  return `${maxVsBaseline}× the current version's${base || ' figure'}`
}

/** "Errors: 4% vs 1% — over the limit of 2%": one guardrail, pilot against baseline. */
export function comparisonLine(comparison: GuardrailComparison): string {
  const { metric, pilot, baseline } = comparison
  const side = (figure: { value: number | null }) =>
    figure.value === null ? 'nothing ended yet' : figureOf(metric, figure.value)
  const verdict = comparison.breached ? 'over' : 'within'
  return `${metricNames[metric]}: ${side(pilot)} vs ${side(baseline)} — ${verdict} ${limitOf(comparison)}`
}

/** "Pilot of version 3 on 30% of new items", or on the items a segment picks. */
export function pilotTitle(pilot: PilotView): string {
  const on =
    pilot.share !== undefined
      ? `on ${Number((pilot.share * 100).toFixed(1))}% of new items`
      : `on new items where ${pilot.segment ?? '…'}`
  return `Pilot of version ${pilot.version} ${on}`
}
