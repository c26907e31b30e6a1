import fc from 'fast-check'
import jsonata from 'jsonata'
import { describe, expect, it } from 'vitest'
import { evaluateRule } from './evaluate-rule'
import type { Rule } from './rule'
import { ruleArbitrary } from './rule-arbitraries'
import { ruleToJsonata } from './rule-to-jsonata'

/** What the runtime does with a condition: JSONata's answer, `true` only when it is exactly true. */
async function runtimeHolds(text: string, data: Record<string, unknown>): Promise<boolean | 'error'> {
  try {
    return (await jsonata(text).evaluate(data)) === true
  } catch {
    return 'error'
  }
}

const amountOver100: Rule = { match: 'all', conditions: [{ field: ['amount'], operator: 'gt', value: 100 }] }

describe('working a rule out without JSONata', () => {
  it('takes amount > 100 with an amount of 250, not with 80 or none', () => {
    expect(evaluateRule(amountOver100, { amount: 250 })).toBe(true)
    expect(evaluateRule(amountOver100, { amount: 80 })).toBe(false)
    expect(evaluateRule(amountOver100, {})).toBe(false)
  })

  it('cannot tell where JSONata would stop with an error or read a list', () => {
    expect(evaluateRule(amountOver100, { amount: '250' })).toBe('unknown')
    expect(evaluateRule(amountOver100, { amount: [250] })).toBe('unknown')
    expect(evaluateRule(amountOver100, { amount: null })).toBe('unknown')
  })

  it('stops at the first condition that settles the rule, as JSONata does', () => {
    const rule: Rule = {
      match: 'all',
      conditions: [
        { field: ['status'], operator: 'is', value: 'open' },
        { field: ['amount'], operator: 'gt', value: 100 },
      ],
    }
    expect(evaluateRule(rule, { status: 'closed', amount: 'lots' })).toBe(false)
    expect(evaluateRule(rule, { status: 'open', amount: 'lots' })).toBe('unknown')
    expect(evaluateRule({ ...rule, match: 'any' }, { status: 'open', amount: 'lots' })).toBe(true)
  })

  // Data shaped like the rules' fields, with values of every kind, missing fields and lists.
  const leaf = fc.oneof(
    fc.string({ maxLength: 4 }),
    fc.constantFrom('', 'open', 'FR', '2026-01-31'),
    fc.integer({ min: -3, max: 3 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
  )
  const dataFor = (rule: Rule) => {
    const paths = rule.conditions.map((condition) => condition.field)
    return fc
      .tuple(...paths.map(() => fc.option(leaf, { nil: undefined })), fc.constantFrom(0, 1))
      .map(([...values]) => {
        const data: Record<string, unknown> = {}
        paths.forEach((path, index) => {
          const value = values[index]
          if (value === undefined) return
          let holder = data
          for (const name of path.slice(0, -1)) {
            const next = holder[name]
            holder = (
              typeof next === 'object' && next !== null && !Array.isArray(next) ? next : (holder[name] = {})
            ) as Record<string, unknown>
          }
          holder[path.at(-1)!] = value
        })
        return data
      })
  }

  it('agrees with JSONata on the text the rule is written as, whenever it answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        ruleArbitrary.chain((rule) => fc.tuple(fc.constant(rule), dataFor(rule))),
        async ([rule, data]) => {
          const outcome = evaluateRule(rule, data)
          if (outcome === 'unknown') return
          expect(await runtimeHolds(ruleToJsonata(rule)!, data)).toBe(outcome)
        },
      ),
      { numRuns: 1000 },
    )
  })
})
