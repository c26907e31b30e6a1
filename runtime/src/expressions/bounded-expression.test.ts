import jsonata from 'jsonata'
import { describe, expect, it } from 'vitest'
import { boundedSize, inputWithin } from './bounded-expression'

const bounded = (source: string) => boundedSize(jsonata(source).ast()) !== undefined

describe('bounded expressions (the ones that may stay on the main thread)', () => {
  it.each([
    '{}',
    'amount > 5000',
    'status = "approved" and not_flagged != true',
    '{ "total": price * qty, "names": [a, b] }',
    'items[price > 5].name',
    'a.b[0]',
    '$.a.*',
    'a in ["x", "y"]',
    '-(a % 2) ? b : c',
    '{ "customerRef": $uppercase(customerId), "amountDue": $round(amount, 2) }',
    '$sum(items.price) > 100 and $exists(approvedBy)',
  ])('%s is bounded', (source) => expect(bounded(source)).toBe(true))

  it.each([
    ['a function taking a pattern', '$contains(a, "x")'],
    ['a function that builds more than it is given', '$pad(a, 1000000)'],
    ['a partial application', '$substring(?, 1)'],
    ['a call of a function stored in the data', 'a.b()'],
    ['a linear function given a regex', '$string(/(a+)+$/)'],
    ['a regex', '$match(a, /(a+)+$/)'],
    ['string concatenation', 'a & b'],
    ['a range', '[1..100000]'],
    ['a binding', '($x := a; $x)'],
    ['a named variable', '$x'],
    ['a lambda', 'function($n) { $n }'],
    ['the root copied into a path step', 'a.$$.b'],
    ['the root inside a filter', 'items[price > $$.limit]'],
    ['a filter inside a filter', 'orders[lines[qty > 5]]'],
    ['a block in a path step', 'a.(b)'],
    ['a descendant step', '**.a'],
    ['a parent step', 'a.%.b'],
    ['grouping', 'a{b: c}'],
    ['sorting', 'a^(b)'],
    ['a focus binding', 'a@$x'],
    ['a transform', '$ ~> |a|{"b": 1}|'],
  ])('%s is not bounded', (_, source) => expect(bounded(source)).toBe(false))

  it('counts input units up to the budget and no further', () => {
    expect(inputWithin({ a: [1, 2, 3], b: 'x' }, 10)).toBe(true)
    expect(inputWithin({ a: [1, 2, 3], b: 'x' }, 3)).toBe(false)
    expect(inputWithin('x'.repeat(3_200), 50)).toBe(false)
    expect(inputWithin(new Array(10_000_000).fill(0), 1_000)).toBe(false)
  })
})
