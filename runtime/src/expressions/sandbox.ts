import jsonata from 'jsonata'
import { boundedSize, inputWithin, mainThreadSteps, workBudget } from './bounded-expression'
import {
  defaultLimits,
  describeFailure,
  type ExpressionFailure,
  type ExpressionLimits,
} from './expression-limits'
import { ExpressionPool } from './expression-pool'

export { defaultLimits, type ExpressionLimits } from './expression-limits'
export { ExpressionPool } from './expression-pool'

/**
 * User expressions are JSONata: they see only the input they are given and JSONata's own
 * functions — no process, environment, file system or network. Each evaluation is bounded in
 * time, recursion depth, sequence length, input, string and result size, and runs in a worker
 * thread that is ended at its deadline (see bounded-expression.ts for the few that provably
 * cannot block and stay on the main thread), so a runaway expression fails its step (an
 * incident) and never the server.
 */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(message)
    this.name = 'ExpressionError'
  }
}

export interface CompiledExpression {
  readonly source: string
  evaluate(input: unknown): Promise<unknown>
}

// JSONata calls this hook as it enters each expression node; `environment.base` is the one
// evaluation's own frame, so concurrent evaluations count their steps apart.
const evaluateEntry = Symbol.for('jsonata.__evaluate_entry')
const mainThreadStepsCode = 'main-thread-steps'
function countStep(_node: unknown, _input: unknown, environment: { base: { steps?: number } }): void {
  const base = environment.base
  base.steps = (base.steps ?? 0) + 1
  if (base.steps > mainThreadSteps) throw { code: mainThreadStepsCode }
}

let sharedPool: ExpressionPool | undefined
/** For expressions compiled without a pool of their own (its idle workers never hold a process open). */
function defaultPool(): ExpressionPool {
  sharedPool ??= new ExpressionPool()
  return sharedPool
}

/** Parses once; evaluate many times. Throws ExpressionError on a syntax error. */
export function compileExpression(
  source: string,
  limits: ExpressionLimits = defaultLimits,
  pool: ExpressionPool = defaultPool(),
): CompiledExpression {
  let parsed: jsonata.Expression
  try {
    parsed = jsonata(source, { stack: limits.maxDepth, sequence: limits.maxSequence })
  } catch (error) {
    throw new ExpressionError(
      `expression does not parse: ${describeFailure(error as ExpressionFailure, limits)}`,
      source,
    )
  }
  const size = boundedSize(parsed.ast())
  if (size !== undefined) parsed.assign(evaluateEntry as unknown as string, countStep)
  const fail = (failure: ExpressionFailure) =>
    new ExpressionError(`expression failed: ${describeFailure(failure, limits)}`, source)

  async function inWorker(input: unknown): Promise<unknown> {
    const json = JSON.stringify(input)
    if (json !== undefined && json.length > limits.maxInputBytes) throw fail({ code: 'input-size' })
    const answer = await pool.evaluate({ source, input: json, limits })
    if ('failure' in answer) throw fail(answer.failure)
    return answer.result === undefined ? undefined : JSON.parse(answer.result)
  }

  return {
    source,
    async evaluate(input) {
      if (size === undefined || !inputWithin(input, workBudget / (size * size))) return inWorker(input)
      let result: unknown
      try {
        result = await parsed.evaluate(input)
      } catch (error) {
        const failure = error as ExpressionFailure
        // Past the main thread's steps: the worker evaluates it again under the real limits.
        if (failure?.code === mainThreadStepsCode) return inWorker(input)
        throw fail(failure)
      }
      return normalizeResult(result, limits, fail)
    },
  }
}

/**
 * Plain JSON is what the store keeps, so results are made plain JSON at once (JSONata marks its
 * sequences with hidden flags that would make a restored instance behave differently).
 */
function normalizeResult(
  result: unknown,
  limits: ExpressionLimits,
  fail: (failure: ExpressionFailure) => ExpressionError,
): unknown {
  if (result === undefined || result === null || typeof result === 'number' || typeof result === 'boolean') {
    return result
  }
  const json = JSON.stringify(result)
  if (json === undefined) return undefined
  if (json.length > limits.maxResultBytes) throw fail({ code: 'result-size' })
  return typeof result === 'string' ? result : JSON.parse(json)
}

/** A cache so each deployment compiles each expression once; its evaluations share one pool. */
export class ExpressionCache {
  private readonly compiled = new Map<string, CompiledExpression>()
  constructor(
    private readonly limits: ExpressionLimits = defaultLimits,
    private readonly pool: ExpressionPool = defaultPool(),
  ) {}

  get(source: string): CompiledExpression {
    let expression = this.compiled.get(source)
    if (!expression) {
      expression = compileExpression(source, this.limits, this.pool)
      this.compiled.set(source, expression)
    }
    return expression
  }
}
