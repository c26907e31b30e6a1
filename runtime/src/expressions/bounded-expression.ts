/**
 * Which evaluations may stay on the main thread: the ones that provably cannot block it.
 *
 * JSONata checks its time limit each time it enters an expression node, so the only work it
 * cannot interrupt is one atomic step: a built-in function (a catastrophic regex, `$pad` to 50M
 * characters), string concatenation, a range, or an operator applied to large values. An
 * expression is *bounded* when it uses none of these: only literals, field names and wildcards,
 * `$`, filters, comparisons, arithmetic, `and`/`or`/`in`, conditions, parentheses,
 * array/object constructors and the built-ins of `linearFunctions`, whose work and result are
 * linear in their arguments — no other functions, lambdas, variables (not even `$$`), regexes, `&`,
 * `..`, sorting, grouping, parent or descendant steps, and no filter inside a filter. Path steps
 * after the first are names or wildcards only.
 *
 * Then a sub-expression sees only its context (the input, or in a filter the item tested) and
 * literals; a path yields parts of its context, and a constructor repeats a value at most once
 * per node, so every value is at most N × C (N nodes, C the size of the context). Top-level
 * nodes run once over the input (I); a filter's predicate runs once per item, and those items
 * add up to at most N × I. Every atomic step (equality, `in`, a comparison, the result's JSON) is
 * linear in the values it touches, so one evaluation's whole work is a small multiple of N² × I.
 * The main thread takes a bounded evaluation only when N² × I is within `workBudget`; anything
 * else goes to a worker. As a second guard it also moves to a worker past `mainThreadSteps`
 * node entries — steps, not time: evaluations interleave on the main thread, so a clock would
 * count the others' work too and send cheap expressions to a worker whenever the server is busy.
 */
type AstNode = { type?: string; value?: unknown; steps?: AstNode[] } & Record<string, unknown>

const boundedTypes = new Set([
  'string',
  'number',
  'value',
  'name',
  'wildcard',
  'path',
  'binary',
  'unary',
  'condition',
  'block',
  'variable',
  'filter',
  'function',
])
/**
 * Built-ins whose work and result size are linear in their arguments' size, so a call counts as one
 * more node in the reasoning above. Not here: anything taking a regex or a pattern ($match,
 * $replace, $split, $contains), anything that builds a value larger than its arguments ($pad,
 * $join's separator, $formatNumber), or that compares items pairwise ($distinct, $sort,
 * $substringBefore's search).
 */
const linearFunctions = new Set([
  'lowercase',
  'uppercase',
  'trim',
  'string',
  'number',
  'boolean',
  'not',
  'exists',
  'round',
  'floor',
  'ceil',
  'abs',
  'length',
  'substring',
  'count',
  'sum',
  'max',
  'min',
  'average',
  'keys',
  'append',
  'reverse',
  'now',
  'millis',
])
const boundedOperators = new Set([
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  'and',
  'or',
  'in',
])
const boundedUnary = new Set(['-', '[', '{'])
// Keys that only hold children or plain facts; any other key (group, focus, index, tuple, ...)
// is a construct this reasoning does not cover.
const boundedKeys = new Set([
  'type',
  'value',
  'position',
  'lhs',
  'rhs',
  'expression',
  'expressions',
  'condition',
  'then',
  'else',
  'steps',
  'stages',
  'predicate',
  'expr',
  'keepArray',
  'keepSingletonArray',
  'procedure',
  'arguments',
])

/** Work one main-thread evaluation may do, in units of (expression nodes)² × input units: ~ms. */
export const workBudget = 1_000_000
/** Expression nodes one main-thread evaluation may enter (a few ms); past it, it moves to a worker. */
export const mainThreadSteps = 2_000

/** The node count of a bounded expression's syntax tree, or undefined when it is not bounded. */
export function boundedSize(ast: unknown): number | undefined {
  let nodes = 0
  let inFilter = false
  const visit = (value: unknown): boolean => {
    if (Array.isArray(value)) return value.every(visit)
    if (typeof value !== 'object' || value === null) return true
    const node = value as AstNode
    nodes++
    if (!node.type || !boundedTypes.has(node.type)) return false
    if (!Object.keys(node).every((key) => boundedKeys.has(key) || node[key] === undefined)) return false
    if (node.type === 'binary' && !boundedOperators.has(node.value as string)) return false
    if (node.type === 'unary' && !boundedUnary.has(node.value as string)) return false
    // `$` only: `$$` reaches the whole input from inside a filter; named variables come from
    // bindings and functions.
    if (node.type === 'variable' && node.value !== '') return false
    if (node.type === 'function') {
      const procedure = node.procedure as AstNode | undefined
      const linear = procedure?.type === 'variable' && linearFunctions.has(procedure.value as string)
      // `(` is a call; `?` placeholders would make a partial application (a new function).
      return node.value === '(' && linear && visit(node.arguments)
    }
    if (node.type === 'filter') {
      if (inFilter) return false
      inFilter = true
      const within = visit(node.expr)
      inFilter = false
      return within
    }
    if (
      node.type === 'path' &&
      !node.steps?.slice(1).every((s) => s.type === 'name' || s.type === 'wildcard')
    )
      return false
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'value' && typeof child === 'object' && !visit(child)) return false
    }
    return true
  }
  return visit(ast) ? nodes : undefined
}

/**
 * Whether the input's size in units (one per value, one per 32 characters of a string or key) is
 * at most `budget`. Stops counting once over, so a large input costs no more than a small one.
 */
export function inputWithin(input: unknown, budget: number): boolean {
  let units = 1
  const stack: unknown[] = [input]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value === 'string') units += value.length >> 5
    else if (Array.isArray(value)) {
      units += value.length
      if (units <= budget) for (const item of value as unknown[]) stack.push(item)
    } else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value)
      units += keys.length
      if (units <= budget)
        for (const key of keys) {
          units += key.length >> 5
          stack.push((value as Record<string, unknown>)[key])
        }
    }
    if (units > budget) return false
  }
  return true
}
