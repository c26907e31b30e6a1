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

/** Parses a JSONata expression without running it. Never throws. */
export function checkExpression(expression: string): ExpressionCheck {
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
