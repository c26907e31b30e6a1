import type { Condition, FieldPath, Rule, RuleValue } from './rule'

/** Names JSONata reads as operators or literals, written in backticks when they name a field. */
const reservedNames = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function'])
const plainName = /^[A-Za-z_][A-Za-z0-9_]*$/

/** The JSONata a rule is written as; `undefined` for a rule without conditions (no condition). */
export function ruleToJsonata(rule: Rule): string | undefined {
  if (rule.conditions.length === 0) return undefined
  if (rule.conditions.length === 1) return conditionToJsonata(rule.conditions[0]!)
  const joiner = rule.match === 'all' ? ' and ' : ' or '
  // Conditions written with `and`/`or` of their own are kept whole by parentheses.
  return rule.conditions
    .map((condition) => {
      const text = conditionToJsonata(condition)
      return condition.operator === 'isEmpty' || condition.operator === 'isNotEmpty' ? `(${text})` : text
    })
    .join(joiner)
}

export function conditionToJsonata(condition: Condition): string {
  const field = fieldToJsonata(condition.field)
  switch (condition.operator) {
    case 'is':
      return `${field} = ${valueToJsonata(condition.value)}`
    case 'isNot':
      return `${field} != ${valueToJsonata(condition.value)}`
    case 'gt':
      return `${field} > ${valueToJsonata(condition.value)}`
    case 'gte':
      return `${field} >= ${valueToJsonata(condition.value)}`
    case 'lt':
      return `${field} < ${valueToJsonata(condition.value)}`
    case 'lte':
      return `${field} <= ${valueToJsonata(condition.value)}`
    case 'contains':
      return `$contains(${field}, ${valueToJsonata(condition.value)})`
    case 'notContains':
      return `$not($contains(${field}, ${valueToJsonata(condition.value)}))`
    case 'isOneOf':
      return `${field} in ${listToJsonata(condition.value)}`
    case 'isNotOneOf':
      return `$not(${field} in ${listToJsonata(condition.value)})`
    case 'isEmpty':
      return `$not($exists(${field})) or ${field} = ""`
    case 'isNotEmpty':
      return `$exists(${field}) and ${field} != ""`
  }
}

/** A field path as JSONata reads it from the data: `amount`, `order.total`, `` `order-no` ``. */
export function fieldToJsonata(path: FieldPath): string {
  return path
    .map((name) => (plainName.test(name) && !reservedNames.has(name) ? name : `\`${name}\``))
    .join('.')
}

export function valueToJsonata(value: RuleValue): string {
  // JSON's strings, numbers and booleans are JSONata literals too (numbers are finite here).
  return JSON.stringify(value)
}

function listToJsonata(values: RuleValue[]): string {
  return `[${values.map(valueToJsonata).join(', ')}]`
}
