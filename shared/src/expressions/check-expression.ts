import jsonata from 'jsonata'

export type ExpressionCheck =
  | { ok: true }
  | {
      ok: false
      /** What JSONata reported, e.g. `Expected ")" before end of expression`. */
      message: string
      /** Character offset (from 0) where the problem was noticed, when JSONata says. */
      position?: number
      /** JSONata's error code, e.g. "S0203". */
      code?: string
    }

interface JsonataError {
  message?: unknown
  position?: unknown
  code?: unknown
}

/**
 * JSONata builds its whole parser on every call (≈ 0.15 ms each), which dominates validating a
 * large workflow. Documents are validated again on every edit with nearly the same expressions,
 * so results are remembered by text; the limit keeps memory bounded.
 */
const remembered = new Map<string, ExpressionCheck>()
const rememberedLimit = 50_000

/** Parses a JSONata expression without running it. Never throws. */
export function checkExpression(expression: string): ExpressionCheck {
  let result = remembered.get(expression)
  if (result) return result
  result = Object.freeze(parseExpression(expression))
  if (remembered.size >= rememberedLimit) remembered.clear()
  remembered.set(expression, result)
  return result
}

/** Forgets remembered results (benchmarks use it to measure first-time validation). */
export function forgetCheckedExpressions(): void {
  remembered.clear()
}

function parseExpression(expression: string): ExpressionCheck {
  try {
    jsonata(expression)
    return { ok: true }
  } catch (error) {
    const { message, position, code } = (error ?? {}) as JsonataError
    return {
      ok: false,
      message: typeof message === 'string' ? message : String(error),
      ...(typeof position === 'number' ? { position: Math.max(0, position - 1) } : {}),
      ...(typeof code === 'string' ? { code } : {}),
    }
  }
}
