import type { FieldType } from '@conveyor/shared'
import {
  isListOperator,
  isPresenceOperator,
  ruleOperators,
  type Condition,
  type FieldPath,
  type RuleOperator,
  type RuleValue,
} from '@conveyor/shared/rules/index'

/** How a field's values are entered and compared. */
export type ValueKind = 'number' | 'text' | 'yesNo' | 'date' | 'choice' | 'any'

export function valueKindOf(type: FieldType | undefined): ValueKind {
  switch (type) {
    case 'number':
      return 'number'
    case 'boolean':
      return 'yesNo'
    case 'date':
      return 'date'
    case 'select':
      return 'choice'
    case undefined:
      return 'any'
    default:
      return 'text'
  }
}

const offered: Record<ValueKind, readonly RuleOperator[]> = {
  number: ['is', 'isNot', 'gt', 'gte', 'lt', 'lte', 'isOneOf', 'isNotOneOf', 'isEmpty', 'isNotEmpty'],
  text: ['is', 'isNot', 'contains', 'notContains', 'isOneOf', 'isNotOneOf', 'isEmpty', 'isNotEmpty'],
  yesNo: ['is', 'isNot', 'isEmpty', 'isNotEmpty'],
  date: ['is', 'isNot', 'lt', 'lte', 'gt', 'gte', 'isEmpty', 'isNotEmpty'],
  choice: ['is', 'isNot', 'isOneOf', 'isNotOneOf', 'isEmpty', 'isNotEmpty'],
  any: ruleOperators,
}

const labels: Record<RuleOperator, string> = {
  is: 'is',
  isNot: 'is not',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  contains: 'contains',
  notContains: 'does not contain',
  isOneOf: 'is one of',
  isNotOneOf: 'is not one of',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
}

/** Dates compare as before and after. */
const dateLabels: Partial<Record<RuleOperator, string>> = {
  gt: 'is after',
  gte: 'is on or after',
  lt: 'is before',
  lte: 'is on or before',
}

/** The operators offered for a kind of field, each with its words; `current` is kept if not offered. */
export function operatorChoices(kind: ValueKind, current?: RuleOperator) {
  const operators = offered[kind]
  const all = current && !operators.includes(current) ? [...operators, current] : operators
  return all.map((value) => ({ value, label: (kind === 'date' && dateLabels[value]) || labels[value] }))
}

export function operatorFits(kind: ValueKind, operator: RuleOperator): boolean {
  return offered[kind].includes(operator)
}

/** A condition row as the person is filling it in: the value as typed. */
export interface ConditionRow {
  field?: FieldPath
  operator: RuleOperator
  value: string
}

export const emptyRow: ConditionRow = { operator: 'is', value: '' }

export function rowOf(condition: Condition): ConditionRow {
  if (isPresenceOperator(condition.operator))
    return { field: condition.field, operator: condition.operator, value: '' }
  const value = (condition as { value: RuleValue | RuleValue[] }).value
  return {
    field: condition.field,
    operator: condition.operator,
    value: Array.isArray(value) ? value.map(String).join(', ') : String(value),
  }
}

/** The condition a row says, once it is complete; undefined while something is missing or invalid. */
export function conditionOf(row: ConditionRow, kind: ValueKind): Condition | undefined {
  const { field, operator } = row
  if (!field) return undefined
  if (isPresenceOperator(operator)) return { field, operator }
  if (isListOperator(operator)) {
    const values = row.value.split(',').map((item) => parseValue(item, kind))
    if (values.length === 0 || values.some((value) => value === undefined)) return undefined
    return { field, operator, value: values as RuleValue[] }
  }
  const value = parseValue(row.value, kind)
  if (value === undefined) return undefined
  if ((operator === 'contains' || operator === 'notContains') && typeof value !== 'string')
    return { field, operator, value: row.value.trim() }
  return { field, operator, value } as Condition
}

/** A value as typed, in the type the field holds; undefined when it is not one. */
export function parseValue(typed: string, kind: ValueKind): RuleValue | undefined {
  const text = typed.trim()
  if (text === '') return undefined
  const number = Number(text)
  switch (kind) {
    case 'number':
      return Number.isFinite(number) ? number : undefined
    case 'yesNo':
      return text === 'true' ? true : text === 'false' ? false : undefined
    case 'any':
      if (text === 'true' || text === 'false') return text === 'true'
      return Number.isFinite(number) ? number : text
    default:
      return text
  }
}
