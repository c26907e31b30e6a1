/** What one evaluation of a user expression may use before it fails with an ExpressionError. */
export interface ExpressionLimits {
  /** Wall-clock time of one evaluation, enforced by ending the worker that runs it. */
  timeoutMs: number
  maxDepth: number
  /** Items in one sequence (and in a range). */
  maxSequence: number
  /** JSON text of the input an expression is given. */
  maxInputBytes: number
  /** JSON text of the result. */
  maxResultBytes: number
  /** Characters of a string that a built-in is asked to make in one step ($pad). */
  maxStringLength: number
}

export const defaultLimits: ExpressionLimits = {
  timeoutMs: 500,
  maxDepth: 200,
  maxSequence: 100_000,
  // An instance's data is held to 4 MiB; an output expression sees it and a result beside it.
  maxInputBytes: 8 * 1024 * 1024,
  maxResultBytes: 1_000_000,
  maxStringLength: 1_000_000,
}

export interface ExpressionFailure {
  code?: string
  message?: string
  position?: number
  value?: number
}

/** Says which limit an evaluation reached, with its value, or what else went wrong and where. */
export function describeFailure(failure: ExpressionFailure, limits: ExpressionLimits): string {
  switch (failure.code) {
    case 'D1012':
    case 'time-limit':
      return `took too long (time limit of ${limits.timeoutMs} ms reached)`
    case 'D1011':
    case 'U1001':
      return `recursed too deep (depth limit of ${limits.maxDepth} reached)`
    case 'D2014':
    case 'D2015':
      return `produced too many items (size limit of ${limits.maxSequence} items reached)`
    case 'string-size':
      return `asked $pad for ${failure.value} characters (string size limit of ${limits.maxStringLength} characters reached)`
    case 'result-size':
      return `its result is larger than ${limits.maxResultBytes} bytes (result size limit reached)`
    case 'input-size':
      return `its input is larger than ${limits.maxInputBytes} bytes (input size limit reached)`
    case 'memory-limit':
      return `used too much memory (memory limit of the expression worker reached)`
    case 'worker-crash':
      return `stopped its worker unexpectedly (${failure.message ?? 'no reason given'})`
    case 'pool-closed':
      return 'was not evaluated: the runtime is shutting down'
  }
  const where = typeof failure.position === 'number' ? ` at position ${failure.position}` : ''
  return `${failure.message ?? 'failed for an unknown reason'}${where}`
}
