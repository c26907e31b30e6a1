import type { WorkflowDocument } from '../model'
import type { Calibration, CalibrationReport } from './calibration'
import type { Assumption } from './defaults'
import { whatIfModel } from './document-model'
import { formatMinutes, formatPercent, saturatedUtilisation, type WhatIfOutputs } from './outputs'
import { runWhatIf, type RunOptions } from './run-what-if'
import type { WhatIfScenario } from './scenario'

export interface WhatIfOptions extends RunOptions {
  /** Figures fitted from runs (`calibrate`), in place of the typed-in facts. */
  calibration?: Calibration
}

export interface WhatIfResult extends WhatIfOutputs {
  /** Figures the simulator had to assume because the workflow's facts do not say them. */
  assumptions: Assumption[]
}

/** Simulates a workflow under a (checked) scenario; the empty scenario is the baseline. */
export function simulateWhatIf(
  document: WorkflowDocument,
  scenario: WhatIfScenario,
  options: WhatIfOptions,
): WhatIfResult {
  const { model, assumptions } = whatIfModel(document, scenario, options.calibration)
  return { ...runWhatIf(model, options), assumptions }
}

/** The volume at which the scenario's picture changes: another lane becomes the bottleneck, or it cannot keep up. */
export interface VolumeLimit {
  /** Times the baseline's volume. */
  factor: number
  lane: string
  name: string
  becomes: 'bottleneck' | 'overloaded'
}

export interface ScenarioComparison {
  baseline: WhatIfResult
  scenario: WhatIfResult
  volumeLimit?: VolumeLimit
  verdict: string
  /** Where the figures came from, when calibrated from runs: which from runs, which from the facts. */
  calibration?: CalibrationReport
}

export interface CompareOptions extends WhatIfOptions {
  /** Also search for the volume at which the picture changes (runs the scenario at rising volumes). */
  findVolumeLimit?: boolean
}

/** The baseline and the scenario side by side, with what changes in plain words. */
export function compareScenario(
  document: WorkflowDocument,
  scenario: WhatIfScenario,
  options: CompareOptions,
): ScenarioComparison {
  const run = { items: options.items, seed: options.seed, calibration: options.calibration }
  const baseline = simulateWhatIf(document, {}, run)
  const changed = simulateWhatIf(document, scenario, run)
  const volumeLimit = options.findVolumeLimit ? findVolumeLimit(document, scenario, options) : undefined
  return {
    baseline,
    scenario: changed,
    ...(volumeLimit && { volumeLimit }),
    verdict: comparisonVerdict(baseline, changed, scenario.volumeFactor ?? 1, volumeLimit),
    ...(options.calibration && { calibration: options.calibration.report }),
  }
}

/** Highest volume factor searched: past it, the answer is "not within ×8". */
const maxFactor = 8
/** Items per run while searching: the search runs the model up to about twenty times. */
const searchItems = 10_000

/**
 * The smallest volume factor (to one decimal) at which another lane becomes the bottleneck or the
 * bottleneck stops keeping up: steps of ×0.5 find the interval, halving narrows it.
 */
export function findVolumeLimit(
  document: WorkflowDocument,
  scenario: WhatIfScenario,
  options: WhatIfOptions,
): VolumeLimit | undefined {
  const run = { ...options, items: Math.min(options.items, searchItems) }
  const at = (factor: number) => simulateWhatIf(document, { ...scenario, volumeFactor: factor }, run)
  const start = scenario.volumeFactor ?? 1
  const first = at(start).bottleneck
  if (!first) return undefined
  const changeAt = (factor: number): VolumeLimit | undefined => {
    const bottleneck = at(factor).bottleneck
    if (!bottleneck) return undefined
    if (bottleneck.lane !== first.lane)
      return { factor, lane: bottleneck.lane, name: bottleneck.name, becomes: 'bottleneck' }
    if (bottleneck.utilisation >= saturatedUtilisation)
      return { factor, lane: bottleneck.lane, name: bottleneck.name, becomes: 'overloaded' }
    return undefined
  }
  let low = start
  let found: VolumeLimit | undefined
  for (let factor = start + 0.5; factor <= maxFactor; factor += 0.5) {
    found = changeAt(factor)
    if (found) break
    low = factor
  }
  if (!found) return undefined
  let high = found.factor
  while (high - low > 0.1 + 1e-9) {
    const middle = Math.round(((low + high) / 2) * 10) / 10
    if (middle <= low || middle >= high) break
    const change = changeAt(middle)
    if (change) {
      found = change
      high = middle
    } else low = middle
  }
  return found
}

function comparisonVerdict(
  baseline: WhatIfResult,
  scenario: WhatIfResult,
  volumeFactor: number,
  limit: VolumeLimit | undefined,
): string {
  const sentences: string[] = []
  const atVolume = volumeFactor !== 1 ? ` at ×${volumeFactor} volume` : ''
  const before = baseline.bottleneck
  const after = scenario.bottleneck
  const busyBefore = (lane: string) =>
    baseline.lanes.find((candidate) => candidate.id === lane)?.utilisation ?? 0
  if (after && after.utilisation >= saturatedUtilisation) {
    sentences.push(
      `${after.name} cannot keep up${atVolume}: its people would be busy ${formatPercent(after.utilisation)} of their time (now ${formatPercent(busyBefore(after.lane))}) and work piles up there.`,
    )
  } else if (after && before && after.lane !== before.lane) {
    sentences.push(
      `${after.name} becomes the bottleneck${atVolume}: busy ${formatPercent(after.utilisation)} of their time (now ${formatPercent(busyBefore(after.lane))}), ahead of ${before.name}.`,
    )
  } else if (after) {
    sentences.push(
      `${after.name} stays the bottleneck${atVolume}: busy ${formatPercent(busyBefore(after.lane))} → ${formatPercent(after.utilisation)} of their time.`,
    )
  }
  const lead = (result: WhatIfResult) => result.leadTimeMinutes
  sentences.push(
    `Half the items done within ${formatMinutes(lead(baseline).p50)} → ${formatMinutes(lead(scenario).p50)}, nine in ten within ${formatMinutes(lead(baseline).p90)} → ${formatMinutes(lead(scenario).p90)}.`,
  )
  const changes: string[] = []
  if (Math.abs(scenario.costPerItem - baseline.costPerItem) >= 0.005 * Math.max(1, baseline.costPerItem))
    changes.push(`cost per item ${money(baseline.costPerItem)} → ${money(scenario.costPerItem)}`)
  if (Math.abs(scenario.touchlessRate - baseline.touchlessRate) >= 0.005)
    changes.push(
      `touchless ${formatPercent(baseline.touchlessRate)} → ${formatPercent(scenario.touchlessRate)}`,
    )
  if (Math.abs(scenario.slaBreachRate - baseline.slaBreachRate) >= 0.005)
    changes.push(
      `items breaching an SLA ${formatPercent(baseline.slaBreachRate)} → ${formatPercent(scenario.slaBreachRate)}`,
    )
  if (changes.length > 0) sentences.push(capitalise(`${changes.join(', ')}.`))
  if (scenario.unfinished > 0)
    sentences.push(`${scenario.unfinished} of ${scenario.arrived} items never finish.`)
  if (limit)
    sentences.push(
      limit.becomes === 'bottleneck'
        ? `${limit.name} becomes the bottleneck at ×${limit.factor} volume.`
        : `${limit.name} cannot keep up from ×${limit.factor} volume.`,
    )
  return sentences.join(' ')
}

function money(amount: number): string {
  return amount.toFixed(2)
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
