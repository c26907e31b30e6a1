import fc from 'fast-check'
import type { Condition, Rule } from './rule'

/** Field names as workflows have them (form keys, saved results), including ones JSONata reserves. */
const name = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,10}$/),
  fc.constantFrom('and', 'or', 'in', 'true', 'null', 'amount'),
)
const field = fc.array(name, { minLength: 1, maxLength: 3 })
const number = fc
  .oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }))
  .map((value) => (Object.is(value, -0) ? 0 : value))
const text = fc.string({ unit: 'grapheme', maxLength: 12 })
const value = fc.oneof(text, number, fc.boolean())

export const conditionArbitrary: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ field, operator: fc.constantFrom('is', 'isNot', 'gt', 'gte', 'lt', 'lte'), value }),
  fc.record({ field, operator: fc.constantFrom('contains', 'notContains'), value: text }),
  fc.record({
    field,
    operator: fc.constantFrom('isOneOf', 'isNotOneOf'),
    value: fc.array(value, { maxLength: 4 }),
  }),
  fc.record({ field, operator: fc.constantFrom('isEmpty', 'isNotEmpty') }),
) as fc.Arbitrary<Condition>

export const ruleArbitrary: fc.Arbitrary<Rule> = fc.record({
  match: fc.constantFrom('all', 'any'),
  conditions: fc.array(conditionArbitrary, { minLength: 1, maxLength: 4 }),
})
