import { afterAll, describe, expect, it } from 'vitest'
import { compileExpression, defaultLimits, ExpressionError, ExpressionPool } from './sandbox'

const pool = new ExpressionPool({ size: 2 })
afterAll(() => pool.close())

/** Counts turns of the event loop until `work` settles: a blocked loop turns no more. */
async function loopTurnsDuring(work: Promise<unknown>): Promise<number> {
  let turns = 0
  let settled = false
  const turn = () => {
    if (settled) return
    turns++
    setImmediate(turn)
  }
  setImmediate(turn)
  await work.then(
    () => undefined,
    () => undefined,
  )
  settled = true
  return turns
}

// Backtracking on these takes time that doubles with each "a": about 10 s for 27 of them.
const catastrophic = `"${'a'.repeat(27)}!"`

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
    expect(
      await compileExpression('items[price > 2].name').evaluate({ items: [{ name: 'a', price: 3 }] }),
    ).toBe('a')
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

  it('stops at its limits with a message that names the limit', async () => {
    const limits = { ...defaultLimits, timeoutMs: 100, maxDepth: 50, maxSequence: 1_000, maxResultBytes: 100 }
    const compile = (source: string) => compileExpression(source, limits, pool)
    const spin = compile('($f := function($n) { $n < 0 ? 0 : $f($n + 1) }; $f(0))')
    await expect(spin.evaluate({})).rejects.toThrow(/time limit of 100 ms reached/)
    const deep = compile('($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(500))')
    await expect(deep.evaluate({})).rejects.toThrow(/depth limit of 50 reached/)
    await expect(compile('[1..5000]').evaluate({})).rejects.toThrow(/size limit of 1000 items reached/)
    await expect(compile('$pad("", 500, "x")').evaluate({})).rejects.toThrow(
      /larger than 100 bytes \(result size limit reached\)/,
    )
    await expect(compile('[a, a]').evaluate({ a: 'x'.repeat(60) })).rejects.toThrow(/result size limit/)
    const small = { ...limits, maxInputBytes: 50 }
    await expect(
      compileExpression('$join([a])', small, pool).evaluate({ a: 'x'.repeat(60) }),
    ).rejects.toThrow(/larger than 50 bytes \(input size limit reached\)/)
  })

  it('reports a syntax error with its position', () => {
    expect(() => compileExpression('{ "a": }')).toThrow(/does not parse: .* at position \d+/)
  })

  it.each([
    ['$match', `$match(${catastrophic}, /(a+)+$/)`],
    ['$replace', `$replace(${catastrophic}, /(a+)+$/, "b")`],
    ['$split', `$split(${catastrophic}, /(a+)+$/)`],
    ['$contains', `$contains(${catastrophic}, /(a+)+$/)`],
  ])(
    'ends a catastrophic regex in %s at the time limit while the server keeps turning',
    async (_, source) => {
      const limits = { ...defaultLimits, timeoutMs: 100 }
      const evaluation = compileExpression(source, limits, pool).evaluate({})
      const turns = loopTurnsDuring(evaluation)
      await expect(evaluation).rejects.toThrow(
        new ExpressionError('expression failed: took too long (time limit of 100 ms reached)', source),
      )
      expect(await turns).toBeGreaterThan(10)
      // The pool replaced the ended worker: the next evaluation works.
      expect(await compileExpression('$join([a, "k"])', limits, pool).evaluate({ a: 'o' })).toBe('ok')
    },
  )

  it('refuses $pad to a huge width before making the string', async () => {
    const evaluation = compileExpression('$pad("", 50000000, "x")', defaultLimits, pool).evaluate({})
    await expect(evaluation).rejects.toThrow(
      'asked $pad for 50000000 characters (string size limit of 1000000 characters reached)',
    )
    expect(await compileExpression('$pad("a", -3, "x")', defaultLimits, pool).evaluate({})).toBe('xxa')
  })

  it('fails only the evaluation whose worker dies, and carries on with a new worker', async () => {
    const tight = new ExpressionPool({ size: 2, maxMemoryMb: 64 })
    try {
      const limits = { ...defaultLimits, timeoutMs: 60_000 }
      const hog = compileExpression('$count([1..2000].{"n": [1..100000]})', limits, tight).evaluate({})
      // $join is not one of the built-ins the main thread takes: these run in the workers too.
      const fine = compileExpression('$join(a)', limits, tight).evaluate({ a: ['1', '2'] })
      await expect(hog).rejects.toThrow(/memory limit of the expression worker reached/)
      expect(await fine).toBe('12')
      expect(await compileExpression('$join(a)', limits, tight).evaluate({ a: ['3', '4'] })).toBe('34')
    } finally {
      await tight.close()
    }
  })

  it('takes an answer that came in time even when the main thread was too busy to read it', async () => {
    const limits = { ...defaultLimits, timeoutMs: 50 }
    const expression = compileExpression('$join([$string(n)])', limits, pool)
    expect(await expression.evaluate({ n: 1 })).toBe('1')
    const evaluation = expression.evaluate({ n: 2 })
    // A long synchronous stretch, as a slow group commit (run from setImmediate): the deadline
    // passes meanwhile, and the next turn of the loop runs due timers before it reads messages.
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        const busyUntil = Date.now() + 1_000
        while (Date.now() < busyUntil);
        resolve()
      }),
    )
    expect(await evaluation).toBe('2')
  })

  it("finishes in a worker a main-thread evaluation that outruns the main thread's step limit", async () => {
    // A bounded expression (no functions) whose filter tests 3,000 items: more steps than the
    // main thread takes, so a worker evaluates it again.
    const items = Array.from({ length: 3_000 }, (_, i) => i)
    expect(await compileExpression('items[$ > 2997]', defaultLimits, pool).evaluate({ items })).toEqual([
      2998, 2999,
    ])
  })

  it('keeps cheap expressions on the main thread however many run at once', async () => {
    // With no workers at all, only evaluations that stay on the main thread can succeed.
    const none = new ExpressionPool({ size: 1 })
    await none.close()
    const cheap = compileExpression(
      '{ "total": price * qty, "big": price * qty > 100 and status = "open", "tags": [a, b, c][$ != "x"] }',
      defaultLimits,
      none,
    )
    const inputs = Array.from({ length: 2_000 }, (_, i) => ({
      price: i,
      qty: 2,
      status: 'open',
      a: 'x',
      b: 'y',
      c: 'z',
    }))
    const results = await Promise.all(inputs.map((input) => cheap.evaluate(input)))
    expect(results[1_999]).toEqual({ total: 3_998, big: true, tags: ['y', 'z'] })
    await expect(compileExpression('$join(["1"])', defaultLimits, none).evaluate({})).rejects.toThrow(
      /not evaluated/,
    )
  })

  it('fails evaluations as not evaluated once its pool is closed', async () => {
    const closing = new ExpressionPool({ size: 1 })
    const source = `$match(${catastrophic}, /(a+)+$/)`
    const inFlight = expect(compileExpression(source, defaultLimits, closing).evaluate({})).rejects.toThrow(
      /not evaluated: the runtime is shutting down/,
    )
    const waiting = expect(
      compileExpression('$join(["1"])', defaultLimits, closing).evaluate({}),
    ).rejects.toThrow(/not evaluated/)
    await closing.close()
    await inFlight
    await waiting
    await expect(compileExpression('$join(["2"])', defaultLimits, closing).evaluate({})).rejects.toThrow(
      /not evaluated/,
    )
  })
})
