import { anyResult, expressionAst, noResult, resultShape, type ResultShape } from '../../expressions'
import type { StepData } from './schema'

/**
 * The fields an automated step's result is known to hold (sorted), or undefined when they cannot
 * be known (an http answer kept as it comes, a result that is not an object).
 */
export function resultKeysOf(data: StepData): string[] | undefined {
  const shape = stepResultShape(data)
  return shape.keys === undefined || shape.other ? undefined : [...shape.keys].sort()
}

/** What a step's result holds: its output mapping's shape, or else what its connector gives. */
export function stepResultShape(data: StepData): ResultShape {
  return data.output !== undefined ? shapeOf(data.output) : connectorResult(data)
}

/** What an automated step's connector gives as its result. */
function connectorResult(data: StepData): ResultShape {
  const connector = data.automate?.connector
  if (connector?.kind === 'transform') return shapeOf(connector.expression)
  if (connector?.kind === 'http')
    return connector.response !== undefined ? shapeOf(connector.response) : anyResult // the body as it comes
  return noResult // a delay, or nothing configured
}

/** An expression that does not parse (reported on its own) may give anything. */
function shapeOf(expression: string): ResultShape {
  const ast = expressionAst(expression)
  return ast ? resultShape(ast) : anyResult
}
