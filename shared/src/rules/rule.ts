/**
 * A rule people build without writing code: conditions on the instance data's fields, all or any
 * of which must hold. It is written into the workflow as JSONata (`rule-to-jsonata.ts`), and read
 * back from JSONata in the subset it writes (`jsonata-to-rule.ts`), so the text stays what counts.
 */
export interface Rule {
  /** `all`: every condition holds (`and`); `any`: at least one does (`or`). */
  match: 'all' | 'any'
  conditions: Condition[]
}

/** A value a condition compares with, as it is in the instance data (dates are ISO text). */
export type RuleValue = string | number | boolean

export type Condition =
  | { field: FieldPath; operator: ComparingOperator; value: RuleValue }
  | { field: FieldPath; operator: ListOperator; value: RuleValue[] }
  | { field: FieldPath; operator: PresenceOperator }

/** The names along a field's path in the instance data, outermost first (`['order', 'total']`). */
export type FieldPath = string[]

export const comparingOperators = [
  'is',
  'isNot',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'notContains',
] as const
export const listOperators = ['isOneOf', 'isNotOneOf'] as const
export const presenceOperators = ['isEmpty', 'isNotEmpty'] as const

export type ComparingOperator = (typeof comparingOperators)[number]
export type ListOperator = (typeof listOperators)[number]
export type PresenceOperator = (typeof presenceOperators)[number]
export type RuleOperator = ComparingOperator | ListOperator | PresenceOperator

export const ruleOperators: readonly RuleOperator[] = [
  ...comparingOperators,
  ...listOperators,
  ...presenceOperators,
]

export function isListOperator(operator: RuleOperator): operator is ListOperator {
  return (listOperators as readonly string[]).includes(operator)
}

export function isPresenceOperator(operator: RuleOperator): operator is PresenceOperator {
  return (presenceOperators as readonly string[]).includes(operator)
}
