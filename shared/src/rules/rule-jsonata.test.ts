import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jsonataToRule } from './jsonata-to-rule'
import { ruleOperators, type Condition, type Rule } from './rule'
import { ruleToJsonata } from './rule-to-jsonata'
import { conditionArbitrary, ruleArbitrary } from './rule-arbitraries'

/** A rule of one condition reads back as `all`: with one condition the two say the same. */
const normal = (rule: Rule): Rule => (rule.conditions.length > 1 ? rule : { ...rule, match: 'all' })

describe('rules written as JSONata', () => {
  const examples: Record<Condition['operator'], [Condition, string]> = {
    is: [{ field: ['status'], operator: 'is', value: 'open' }, 'status = "open"'],
    isNot: [{ field: ['approved'], operator: 'isNot', value: true }, 'approved != true'],
    gt: [{ field: ['amount'], operator: 'gt', value: 100 }, 'amount > 100'],
    gte: [{ field: ['amount'], operator: 'gte', value: -2.5 }, 'amount >= -2.5'],
    lt: [{ field: ['due'], operator: 'lt', value: '2026-01-31' }, 'due < "2026-01-31"'],
    lte: [{ field: ['order', 'total'], operator: 'lte', value: 0 }, 'order.total <= 0'],
    contains: [{ field: ['note'], operator: 'contains', value: 'urgent' }, '$contains(note, "urgent")'],
    notContains: [
      { field: ['note'], operator: 'notContains', value: 'say "hi"' },
      '$not($contains(note, "say \\"hi\\""))',
    ],
    isOneOf: [{ field: ['country'], operator: 'isOneOf', value: ['FR', 'DE'] }, 'country in ["FR", "DE"]'],
    isNotOneOf: [{ field: ['size'], operator: 'isNotOneOf', value: [1, 2] }, '$not(size in [1, 2])'],
    isEmpty: [{ field: ['order-no'], operator: 'isEmpty' }, '$not($exists(`order-no`)) or `order-no` = ""'],
    isNotEmpty: [{ field: ['email'], operator: 'isNotEmpty' }, '$exists(email) and email != ""'],
  }

  it('has an example for every operator', () => {
    expect(Object.keys(examples).sort()).toEqual([...ruleOperators].sort())
  })

  for (const [operator, [condition, text]] of Object.entries(examples)) {
    it(`writes and reads "${operator}"`, () => {
      const rule: Rule = { match: 'all', conditions: [condition] }
      expect(ruleToJsonata(rule)).toBe(text)
      expect(jsonataToRule(text)).toEqual({ ok: true, rule })
    })
  }

  it('joins conditions with and/or, keeping conditions of two parts whole', () => {
    const rule: Rule = {
      match: 'any',
      conditions: [examples.gt[0], examples.isEmpty[0], examples.isOneOf[0]],
    }
    const text = ruleToJsonata(rule)!
    expect(text).toBe(
      'amount > 100 or ($not($exists(`order-no`)) or `order-no` = "") or country in ["FR", "DE"]',
    )
    expect(jsonataToRule(text)).toEqual({ ok: true, rule })
    expect(jsonataToRule('amount > 100 and (status = "open")')).toEqual({
      ok: true,
      rule: { match: 'all', conditions: [examples.gt[0], examples.is[0]] },
    })
  })

  it('writes no condition for a rule without conditions, and reads an empty text as one', () => {
    expect(ruleToJsonata({ match: 'any', conditions: [] })).toBeUndefined()
    expect(jsonataToRule(undefined)).toEqual({ ok: true, rule: { match: 'all', conditions: [] } })
    expect(jsonataToRule('  ')).toEqual({ ok: true, rule: { match: 'all', conditions: [] } })
  })

  it('reads back every rule it writes', () => {
    fc.assert(
      fc.property(ruleArbitrary, (rule) => {
        const text = ruleToJsonata(rule)
        expect(jsonataToRule(text)).toEqual({ ok: true, rule: normal(rule) })
      }),
      { numRuns: 500 },
    )
  })

  it('reads back each condition however it is parenthesised', () => {
    fc.assert(
      fc.property(conditionArbitrary, (condition) => {
        const rule: Rule = { match: 'all', conditions: [condition] }
        expect(jsonataToRule(`(${ruleToJsonata(rule)})`)).toEqual({ ok: true, rule })
      }),
    )
  })

  it.each([
    ['a mix of and and or', 'amount > 100 and status = "open" or urgent = true'],
    ['a comparison of two fields', 'amount > limit'],
    ['a value on the left', '100 < amount'],
    ['a computed value', 'amount > 50 * 2'],
    ['a filter', 'items[price > 10].price > 5'],
    ['a variable', '$amount > 100'],
    ['the input root', '$$.amount > 100'],
    ['a field alone', 'approved'],
    ['another function', '$uppercase(status) = "OPEN"'],
    ['a list with a computed item', 'country in ["FR", lower]'],
    ['an is-empty test on two fields', '$not($exists(a)) or b = ""'],
    ['null', 'status = null'],
  ])('says %s cannot be shown as a rule', (_, text) => {
    const read = jsonataToRule(text)
    expect(read.ok).toBe(false)
  })

  it('says a text that does not parse cannot be shown as a rule', () => {
    expect(jsonataToRule('amount >')).toEqual({ ok: false, reason: 'The condition is not valid JSONata.' })
  })
})
