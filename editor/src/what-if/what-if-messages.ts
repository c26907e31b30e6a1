import type { Calibration, ScenarioComparison, ScenarioProblem, WorkflowDocument } from '@conveyor/shared'

/** A scenario to check and run against the baseline, as typed in (the worker checks it). */
export interface WhatIfRequest {
  id: number
  document: WorkflowDocument
  scenario: unknown
  items: number
  seed: number
  /** Also search for the volume at which the picture changes (several more, smaller runs). */
  findVolumeLimit: boolean
  /** Figures fitted to runs, in place of the document's typed-in facts. */
  calibration?: Calibration
}

export type WhatIfResponse =
  | { id: number; ok: true; comparison: ScenarioComparison }
  | { id: number; ok: false; problems: ScenarioProblem[] }
