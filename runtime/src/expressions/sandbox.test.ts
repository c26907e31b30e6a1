import { describe, expect, it } from 'vitest'
import { compileExpression, ExpressionError } from './sandbox'

describe('expression sandbox', () => {
  it('evaluates over its input only and returns plain JSON', async () => {
    const expression = compileExpression('{ "total": $sum(items.price), "names": items.name }')
    const result = await expression.evaluate({
      items: [
        { name: 'a', price: 2 },
        { name: 'b', price: 3 },
      ],
    })
    expect(result).toEqual({ total: 5, names: ['a', 'b'] })
  })

  it('gives no way to the process, its environment or JavaScript constructors', async () => {
    const input = { a: { b: 1 } }
    for (const source of [
      'a.constructor',
      '$keys(a.__proto__)',
      'a.constructor.constructor("return process")()',
    ]) {
      expect(await compileExpression(source).evaluate(input), source).toBeUndefined()
    }
    await expect(
      compileExpression('($f := a.constructor.constructor; $f("return process.env")())').evaluate(input),
    ).rejects.toBeInstanceOf(ExpressionError)
  })

  it('stops at its limits with a message that says which', async () => {
    const limits = { timeoutMs: 100, maxDepth: 50, maxSequence: 1_000, maxResultBytes: 100 }
    const spin = compileExpression('($f := function($n) { $n < 0 ? 0 : $f($n + 1) }; $f(0))', limits)
    await expect(spin.evaluate({})).rejects.toThrow(/time limit reached/)
    const deep = compileExpression('($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(500))', limits)
    await expect(deep.evaluate({})).rejects.toThrow(/depth limit reached/)
    await expect(compileExpression('[1..5000]', limits).evaluate({})).rejects.toThrow(
      /size limit reached|too many/,
    )
    await expect(compileExpression('$pad("", 500, "x")', limits).evaluate({})).rejects.toThrow(
      /larger than 100 bytes/,
    )
  })

  it('reports a syntax error with its position', () => {
    expect(() => compileExpression('{ "a": }')).toThrow(/does not parse: .* at position \d+/)
  })
})
