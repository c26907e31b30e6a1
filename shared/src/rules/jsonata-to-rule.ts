import { expressionAst, type AstNode } from '../expressions'
import type { ComparingOperator, Condition, FieldPath, Rule, RuleValue } from './rule'

export type ReadRule =
  | { ok: true; rule: Rule }
  /** The text is not in the subset the rule builder writes (or does not parse): it stays code. */
  | { ok: false; reason: string }

const notARule = (reason: string): ReadRule => ({ ok: false, reason })

const comparisons: Record<string, ComparingOperator> = {
  '=': 'is',
  '!=': 'isNot',
  '>': 'gt',
  '>=': 'gte',
  '<': 'lt',
  '<=': 'lte',
}

/**
 * The rule a JSONata text says, when it is written the way `ruleToJsonata` writes rules: one
 * condition, or conditions joined all by `and` or all by `or`. An empty text is a rule without
 * conditions. Anything else cannot be shown as a rule.
 */
export function jsonataToRule(text: string | undefined): ReadRule {
  if (text === undefined || text.trim() === '') return { ok: true, rule: { match: 'all', conditions: [] } }
  const ast = expressionAst(text)
  if (!ast) return notARule('The condition is not valid JSONata.')
  const whole = readCondition(unwrap(ast))
  if (whole) return { ok: true, rule: { match: 'all', conditions: [whole] } }
  const root = unwrap(ast)
  if (root.type !== 'binary' || (root.value !== 'and' && root.value !== 'or'))
    return notARule('The condition is written in a way the rule builder cannot show.')
  const joiner = root.value
  const conditions: Condition[] = []
  for (const part of joined(root, joiner)) {
    const condition = readCondition(unwrap(part))
    if (!condition)
      return notARule('A part of the condition is written in a way the rule builder cannot show.')
    conditions.push(condition)
  }
  return { ok: true, rule: { match: joiner === 'and' ? 'all' : 'any', conditions } }
}

/** The operands of a chain of one operator (`a and b and c`), left to right. */
function joined(node: AstNode, joiner: string): AstNode[] {
  if (node.type === 'binary' && node.value === joiner)
    return [...joined(node.lhs as AstNode, joiner), ...joined(node.rhs!, joiner)]
  return [node]
}

/** `(x)` is `x`. */
function unwrap(node: AstNode): AstNode {
  let current = node
  while (current.type === 'block' && current.expressions?.length === 1) current = current.expressions[0]!
  return current
}

function readCondition(node: AstNode): Condition | undefined {
  if (node.type === 'binary') {
    const operator = comparisons[String(node.value)]
    const field = fieldOf(node.lhs as AstNode)
    if (operator && field) {
      const value = valueOf(node.rhs)
      return value === undefined ? undefined : { field, operator, value }
    }
    if (node.value === 'in' && field) {
      const value = listOf(node.rhs)
      return value && { field, operator: 'isOneOf', value }
    }
    return readPresence(node)
  }
  const call = callOf(node)
  if (call?.name === 'contains') return readContains(call.arguments, 'contains')
  if (call?.name === 'not' && call.arguments.length === 1) {
    const inner = unwrap(call.arguments[0]!)
    const negated = callOf(inner)
    if (negated?.name === 'contains') return readContains(negated.arguments, 'notContains')
    if (inner.type === 'binary' && inner.value === 'in') {
      const field = fieldOf(inner.lhs as AstNode)
      const value = listOf(inner.rhs)
      return field && value ? { field, operator: 'isNotOneOf', value } : undefined
    }
  }
  return undefined
}

/** `$not($exists(f)) or f = ""` and `$exists(f) and f != ""`. */
function readPresence(node: AstNode): Condition | undefined {
  const lhs = node.lhs as AstNode
  const rhs = node.rhs!
  const blank = (comparison: string) =>
    rhs.type === 'binary' && rhs.value === comparison && valueOf(rhs.rhs) === ''
      ? fieldOf(rhs.lhs as AstNode)
      : undefined
  if (node.value === 'or') {
    const not = callOf(lhs)
    const exists = not?.name === 'not' && not.arguments.length === 1 ? callOf(not.arguments[0]!) : undefined
    const field = existsField(exists)
    return field && sameField(field, blank('=')) ? { field, operator: 'isEmpty' } : undefined
  }
  if (node.value === 'and') {
    const field = existsField(callOf(lhs))
    return field && sameField(field, blank('!=')) ? { field, operator: 'isNotEmpty' } : undefined
  }
  return undefined
}

function existsField(call: Call | undefined): FieldPath | undefined {
  return call?.name === 'exists' && call.arguments.length === 1 ? fieldOf(call.arguments[0]!) : undefined
}

function sameField(field: FieldPath, other: FieldPath | undefined): boolean {
  return other !== undefined && other.length === field.length && other.every((name, at) => name === field[at])
}

function readContains(args: AstNode[], operator: 'contains' | 'notContains'): Condition | undefined {
  if (args.length !== 2) return undefined
  const field = fieldOf(args[0]!)
  const value = valueOf(args[1])
  return field && typeof value === 'string' ? { field, operator, value } : undefined
}

interface Call {
  name: string
  arguments: AstNode[]
}

/** A call of a built-in function by name (`$contains(…)`). */
function callOf(node: AstNode): Call | undefined {
  if (node.type !== 'function' || node.procedure?.type !== 'variable') return undefined
  return { name: String(node.procedure.value), arguments: node.arguments ?? [] }
}

/** A path of plain names read from the data (no filters, bindings or variables). */
function fieldOf(node: AstNode | undefined): FieldPath | undefined {
  if (!node || node.type !== 'path' || !node.steps?.length) return undefined
  const names: string[] = []
  for (const step of node.steps) {
    const plain =
      step.type === 'name' &&
      !step.stages?.length &&
      step.focus === undefined &&
      step.index === undefined &&
      !step.group &&
      typeof step.value === 'string'
    if (!plain) return undefined
    names.push(step.value as string)
  }
  return node.stages?.length || node.group ? undefined : names
}

function valueOf(node: AstNode | undefined): RuleValue | undefined {
  if (!node) return undefined
  if (node.type === 'string' && typeof node.value === 'string') return node.value
  if (node.type === 'number' && typeof node.value === 'number' && Number.isFinite(node.value))
    return node.value
  if (node.type === 'value' && typeof node.value === 'boolean') return node.value
  return undefined
}

function listOf(node: AstNode | undefined): RuleValue[] | undefined {
  if (!node || node.type !== 'unary' || node.value !== '[') return undefined
  const values: RuleValue[] = []
  for (const item of node.expressions ?? []) {
    const value = valueOf(item)
    if (value === undefined) return undefined
    values.push(value)
  }
  return values
}
