import type { Condition, FieldPath, Rule } from './rule'

/** Whether a rule holds on some data, or `unknown` when that cannot be told without running JSONata. */
export type RuleOutcome = boolean | 'unknown'

/**
 * Works a rule out on the instance data the way JSONata would evaluate the text it is written as,
 * without running JSONata: in a browser that means no arbitrary code and no runaway evaluation.
 * Where JSONata would stop with an error (comparing text with a number, say) or where its
 * sequence rules come in (a field holding a list or an object), the answer is `unknown`.
 */
export function evaluateRule(rule: Rule, data: Record<string, unknown>): RuleOutcome {
  // `and` and `or` stop at the first condition that settles them, as JSONata's do.
  const settles = rule.match === 'any'
  for (const condition of rule.conditions) {
    const holds = evaluateCondition(condition, data)
    if (holds === 'unknown') return 'unknown'
    if (holds === settles) return settles
  }
  return !settles
}

type Read = string | number | boolean | null | undefined

export function evaluateCondition(condition: Condition, data: Record<string, unknown>): RuleOutcome {
  const read = readField(data, condition.field)
  if (read === 'unknown') return 'unknown'
  const value = read.value
  switch (condition.operator) {
    case 'is':
      return value !== undefined && value === condition.value
    case 'isNot':
      return value !== undefined && value !== condition.value
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return compare(value, condition.value, condition.operator)
    case 'contains':
    case 'notContains': {
      if (value === undefined) return false
      if (typeof value !== 'string' || typeof condition.value !== 'string') return 'unknown'
      return value.includes(condition.value) === (condition.operator === 'contains')
    }
    case 'isOneOf':
      return value !== undefined && condition.value.some((item) => item === value)
    case 'isNotOneOf':
      return !(value !== undefined && condition.value.some((item) => item === value))
    case 'isEmpty':
      return value === undefined || value === ''
    case 'isNotEmpty':
      return value !== undefined && value !== ''
  }
}

/** `>`, `>=`, `<`, `<=`: numbers with numbers, text with text; anything else is an error in JSONata. */
function compare(value: Read, other: unknown, operator: 'gt' | 'gte' | 'lt' | 'lte'): RuleOutcome {
  const comparable = (item: unknown) => typeof item === 'number' || typeof item === 'string'
  if ((value !== undefined && !comparable(value)) || !comparable(other)) return 'unknown'
  if (value === undefined) return false
  if (typeof value !== typeof other) return 'unknown'
  const [left, right] = [value as number | string, other as number | string]
  if (operator === 'gt') return left > right
  if (operator === 'gte') return left >= right
  if (operator === 'lt') return left < right
  return left <= right
}

/** The field's value, when it is a single value (or missing). */
function readField(data: Record<string, unknown>, path: FieldPath): { value: Read } | 'unknown' {
  let current: unknown = data
  for (const name of path) {
    if (Array.isArray(current)) return 'unknown'
    if (!isObject(current)) return { value: undefined }
    current = Object.hasOwn(current, name) ? current[name] : undefined
  }
  if (Array.isArray(current) || isObject(current)) return 'unknown'
  return { value: current as Read }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
