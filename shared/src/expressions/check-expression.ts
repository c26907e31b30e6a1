import jsonata from 'jsonata'
import type { AstNode } from './ast'

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

interface Parsed {
  check: ExpressionCheck
  /** The syntax tree, when the expression parses. */
  ast?: AstNode
}

/**
 * JSONata builds its whole parser on every call (≈ 0.15 ms each), which dominates validating a
 * large workflow. Documents are validated again on every edit with nearly the same expressions,
 * so results are remembered by text; the limit keeps memory bounded.
 */
const remembered = new Map<string, Parsed>()
const rememberedLimit = 50_000

function parsed(expression: string): Parsed {
  let result = remembered.get(expression)
  if (result) return result
  result = parseExpression(expression)
  if (remembered.size >= rememberedLimit) remembered.clear()
  remembered.set(expression, result)
  return result
}

/** Parses a JSONata expression without running it. Never throws. */
export function checkExpression(expression: string): ExpressionCheck {
  return parsed(expression).check
}

/** The syntax tree of an expression, or undefined when it does not parse. Never throws. */
export function expressionAst(expression: string): AstNode | undefined {
  return parsed(expression).ast
}

/** Forgets remembered results (benchmarks use it to measure first-time validation). */
export function forgetCheckedExpressions(): void {
  remembered.clear()
}

function parseExpression(expression: string): Parsed {
  try {
    const ast = jsonata(expression).ast() as AstNode
    return { check: Object.freeze({ ok: true }), ast }
  } catch (error) {
    const { message, position, code } = (error ?? {}) as JsonataError
    const check: ExpressionCheck = {
      ok: false,
      message: typeof message === 'string' ? message : String(error),
      ...(typeof position === 'number' ? { position: Math.max(0, position - 1) } : {}),
      ...(typeof code === 'string' ? { code } : {}),
    }
    return { check: Object.freeze(check) }
  }
}
