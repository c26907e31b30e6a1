import { compileModel } from './compiled-model'
import type { WhatIfModel } from './model'
import { outputsOf, verdictOf, type WhatIfOutputs } from './outputs'
import { simulateModel } from './simulator'

export interface RunOptions {
  /** How many items arrive. */
  items: number
  /** The same seed gives the same outputs, in Node and in the browser. */
  seed: number
}

/** Simulates a model and reads its figures and verdict. */
export function runWhatIf(model: WhatIfModel, options: RunOptions): WhatIfOutputs {
  const run = simulateModel(compileModel(model), options.items, options.seed)
  const outputs = outputsOf(
    run,
    model.nodes.map((node) => node.id),
  )
  return { ...outputs, verdict: verdictOf(outputs) }
}
