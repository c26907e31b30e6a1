import jsonata from 'jsonata'

/**
 * User expressions are JSONata: they see only the input they are given and JSONata's own
 * functions — no process, environment, file system or network. Each evaluation is bounded in
 * time, recursion depth, sequence length and result size, so a runaway expression fails its
 * step (an incident) and never the server.
 */
export interface ExpressionLimits {
  timeoutMs: number
  maxDepth: number
  maxSequence: number
  maxResultBytes: number
}

export const defaultLimits: ExpressionLimits = {
  timeoutMs: 500,
  maxDepth: 200,
  maxSequence: 100_000,
  maxResultBytes: 1_000_000,
}

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

interface JsonataFailure {
  code?: string
  message?: string
  position?: number
}

function describe(error: unknown): string {
  const failure = error as JsonataFailure
  if (failure?.code === 'D1012') return 'took too long (time limit reached)'
  if (failure?.code === 'D1011' || failure?.code === 'U1001') return 'recursed too deep (depth limit reached)'
  if (failure?.code === 'D2014' || failure?.code === 'D2015')
    return 'produced too many items (size limit reached)'
  const where = typeof failure?.position === 'number' ? ` at position ${failure.position}` : ''
  return `${failure?.message ?? String(error)}${where}`
}

/** Parses once; evaluate many times. Throws ExpressionError on a syntax error. */
export function compileExpression(
  source: string,
  limits: ExpressionLimits = defaultLimits,
): CompiledExpression {
  let parsed: jsonata.Expression
  try {
    parsed = jsonata(source, {
      timeout: limits.timeoutMs,
      stack: limits.maxDepth,
      sequence: limits.maxSequence,
    })
  } catch (error) {
    throw new ExpressionError(`expression does not parse: ${describe(error)}`, source)
  }
  return {
    source,
    async evaluate(input) {
      let result: unknown
      try {
        result = await parsed.evaluate(input)
      } catch (error) {
        throw new ExpressionError(`expression failed: ${describe(error)}`, source)
      }
      return normalizeResult(result, source, limits.maxResultBytes)
    },
  }
}

/**
 * Plain JSON is what the store keeps, so results are made plain JSON at once (JSONata marks its
 * sequences with hidden flags that would make a restored instance behave differently).
 */
function normalizeResult(result: unknown, source: string, maxBytes: number): unknown {
  if (result === undefined || result === null || typeof result === 'number' || typeof result === 'boolean') {
    return result
  }
  if (typeof result === 'string') {
    if (result.length > maxBytes)
      throw new ExpressionError(`expression result is larger than ${maxBytes} bytes`, source)
    return result
  }
  const json = JSON.stringify(result)
  if (json === undefined) return undefined
  if (json.length > maxBytes)
    throw new ExpressionError(`expression result is larger than ${maxBytes} bytes`, source)
  return JSON.parse(json)
}

/** A cache so each deployment compiles each expression once. */
export class ExpressionCache {
  private readonly compiled = new Map<string, CompiledExpression>()
  constructor(private readonly limits: ExpressionLimits = defaultLimits) {}

  get(source: string): CompiledExpression {
    let expression = this.compiled.get(source)
    if (!expression) {
      expression = compileExpression(source, this.limits)
      this.compiled.set(source, expression)
    }
    return expression
  }
}
