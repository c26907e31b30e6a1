import type {
  Guardrail,
  GuardrailComparison,
  GuardrailFigure,
  GuardrailMetric,
} from '@conveyor/shared/protocol/pilots'
import { percentiles, ratio } from '../metrics/percentiles'

/** What the guardrails need to know of one item (instance) that ended on a version. */
export interface EndedItem {
  /** From start to end in ms; null for an item waiting in an incident (it has not ended). */
  leadTimeMs: number | null
  /** A step of it failed for good: its call or expression failed after its retries, or timed out. */
  failed: boolean
  /** Suggestions people reviewed in it, and how many of them they overrode. */
  reviewed: number
  overridden: number
  slaBreached: boolean
  /** Some of its work fell back to people: a step switched to manual, or the assistant failed. */
  fellBack: boolean
}

const share = (items: EndedItem[], test: (item: EndedItem) => boolean) =>
  ratio(items.filter(test).length, items.length)

/** Each guardrail metric over a version's ended items; null where there is nothing to measure. */
const measures: Record<GuardrailMetric, (items: EndedItem[]) => number | null> = {
  errorRate: (items) => share(items, (item) => item.failed),
  overrideRate: (items) =>
    ratio(
      items.reduce((sum, item) => sum + item.overridden, 0),
      items.reduce((sum, item) => sum + item.reviewed, 0),
    ),
  leadTimeP90: (items) =>
    percentiles(items.flatMap((item) => (item.leadTimeMs === null ? [] : [item.leadTimeMs]))).p90,
  slaBreachRate: (items) => share(items, (item) => item.slaBreached),
  fallbackRate: (items) => share(items, (item) => item.fellBack),
}

export function figureOf(metric: GuardrailMetric, items: EndedItem[]): GuardrailFigure {
  return { value: measures[metric](items), items: items.length }
}

/** Whether the pilot's figure is over the guardrail's limit (a ratio needs a baseline figure). */
function isBreached(guardrail: Guardrail, pilot: number | null, baseline: number | null): boolean {
  if (pilot === null) return false
  if (guardrail.max !== undefined) return pilot > guardrail.max
  if (guardrail.maxVsBaseline !== undefined && baseline !== null) {
    return pilot > baseline * guardrail.maxVsBaseline
  }
  return false
}

/** Pilot against baseline on every guardrail. */
export function compareOnGuardrails(
  guardrails: Guardrail[],
  pilot: EndedItem[],
  baseline: EndedItem[],
): GuardrailComparison[] {
  return guardrails.map((guardrail) => {
    const ofPilot = figureOf(guardrail.metric, pilot)
    const ofBaseline = figureOf(guardrail.metric, baseline)
    return {
      metric: guardrail.metric,
      ...(guardrail.max !== undefined ? { max: guardrail.max } : {}),
      ...(guardrail.maxVsBaseline !== undefined ? { maxVsBaseline: guardrail.maxVsBaseline } : {}),
      pilot: ofPilot,
      baseline: ofBaseline,
      breached: isBreached(guardrail, ofPilot.value, ofBaseline.value),
    }
  })
}
