import { pairsOf, type AstNode } from './ast'

/** A path an expression reads from the input it is evaluated against, like `data.amount`. */
export interface FieldReference {
  /** The names along the path, outermost first: `['data', 'amount']`. */
  names: string[]
  /** Where each name ends in the expression (a character offset, from 0, exclusive). */
  ends: number[]
}

const remembered = new WeakMap<AstNode, readonly FieldReference[]>()

/**
 * The paths an expression reads from its input: names whose context is the input itself (or
 * `$$`, which always is). Names read inside a filter, a grouping, a sort, a transform or after the
 * first step of a path read from values found there, whose fields nobody declares, so they are
 * left out; so are variables, functions and string literals, which are not names.
 */
export function fieldReferences(ast: AstNode): readonly FieldReference[] {
  let found = remembered.get(ast)
  if (!found) {
    const collected: FieldReference[] = []
    visit(ast, true, collected)
    found = collected
    remembered.set(ast, found)
  }
  return found
}

/** `atInput`: whether the node is evaluated with the expression's input as its context. */
function visit(node: AstNode | undefined, atInput: boolean, found: FieldReference[]): void {
  if (!node || typeof node !== 'object') return
  switch (node.type) {
    case 'path':
      return visitPath(node, atInput, found)
    case 'name':
      if (atInput) found.push({ names: [String(node.value)], ends: [node.position ?? 0] })
      break
    case 'unary':
      if (node.value === '{')
        for (const pair of pairsOf(node)) pair.forEach((part) => visit(part, atInput, found))
      visit(node.expression, atInput, found)
      node.expressions?.forEach((item) => visit(item, atInput, found))
      break
    case 'binary':
    case 'apply':
      visit(node.lhs as AstNode | undefined, atInput, found)
      visit(node.rhs, atInput, found)
      break
    case 'bind':
      visit(node.rhs, atInput, found)
      break
    case 'function':
    case 'partial':
      visit(node.procedure, atInput, found)
      node.arguments?.forEach((argument) => visit(argument, atInput, found))
      break
    case 'lambda':
      // A lambda's body runs with the context it was defined in.
      visit(node.body, atInput, found)
      break
    case 'condition':
      visit(node.condition, atInput, found)
      visit(node.then, atInput, found)
      visit(node.else, atInput, found)
      break
    case 'block':
      node.expressions?.forEach((item) => visit(item, atInput, found))
      break
    case 'transform':
      visit(node.pattern, false, found)
      visit(node.update, false, found)
      visit(node.delete, false, found)
      break
    case 'sort':
      node.terms?.forEach((term) => visit(term.expression, false, found))
      break
    case 'filter':
      visit(node.expr, false, found)
      break
  }
  visitInnerContexts(node, found)
}

function visitPath(node: AstNode, atInput: boolean, found: FieldReference[]): void {
  const steps = node.steps ?? []
  const first = steps[0]
  // `$$` is always the input; `$` is the current context, the input where the path starts at it.
  const fromInput = first?.type === 'variable' && (first.value === '$' || (first.value === '' && atInput))
  let next = first?.type === 'name' && atInput ? 0 : fromInput ? 1 : steps.length
  const reference: FieldReference = { names: [], ends: [] }
  const chain = new Set<AstNode>()
  while (next < steps.length && steps[next]!.type === 'name') {
    const step = steps[next++]!
    chain.add(step)
    reference.names.push(String(step.value))
    reference.ends.push(step.position ?? 0)
    // After a filter or a binding, the names that follow read from the chosen values.
    if (step.stages?.length || step.focus !== undefined || step.index !== undefined) break
  }
  if (reference.names.length > 0) found.push(reference)
  steps.forEach((step, index) => {
    if (chain.has(step)) visitInnerContexts(step, found)
    else visit(step, index === 0 && atInput, found)
  })
  visitInnerContexts(node, found)
}

/** Filters and groupings, which are evaluated against each value they apply to. */
function visitInnerContexts(node: AstNode, found: FieldReference[]): void {
  node.stages?.forEach((stage) => visit(stage, false, found))
  for (const pair of node.group?.lhs ?? []) pair.forEach((part) => visit(part, false, found))
}
