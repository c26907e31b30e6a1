export * from './model'
export { Distribution, samplerOf, meanOf, scaleDistribution } from './distribution'
export { simRandom, type SimRandom } from './random'
export { runWhatIf, type RunOptions } from './run-what-if'
export * from './outputs'
export { whatIfModel } from './document-model'
export { whatIfDefaults, type Assumption } from './defaults'
export {
  WhatIfScenario,
  WhatIfStepChange,
  WhatIfLaneChange,
  WeeklyHoursSchema,
  checkScenario,
  type ScenarioProblem,
} from './scenario'
export * from './compare'
export {
  calibrate,
  minObservations,
  type Calibration,
  type CalibrationFigure,
  type CalibrationReport,
  type RunObservations,
} from './calibration'
export { arrivalCalendarOf } from './arrival-calendar'
export { fitDurations } from './fit-durations'
