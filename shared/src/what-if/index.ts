export * from './model'
export { Distribution, samplerOf, meanOf } from './distribution'
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
