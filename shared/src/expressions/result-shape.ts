import { pairsOf, type AstNode } from './ast'

/** What an expression's result can be, as far as its text tells. */
export interface ResultShape {
  /** The keys of the object it builds; undefined when it may build an object whose keys are not written out. */
  keys: ReadonlySet<string> | undefined
  /** Whether it may give something other than an object (a text, a number, a list…). */
  other: boolean
}

/** A result that may be anything, including an object with any keys. */
export const anyResult: ResultShape = Object.freeze({ keys: undefined, other: true })
/** No result at all. */
export const noResult: ResultShape = Object.freeze({ keys: new Set<string>(), other: false })
const notAnObject: ResultShape = Object.freeze({ keys: new Set<string>(), other: true })

/** Operators whose result is never an object. */
const scalarOperators = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'and',
  'or',
  'in',
])

/**
 * The shape of an expression's result: an object constructor with literal keys, a literal, an
 * arithmetic or comparison, or a choice between those. Anything else (a path, a function call…)
 * may give an object with any keys.
 */
export function resultShape(node: AstNode | undefined): ResultShape {
  if (!node) return noResult
  let shape = remembered.get(node)
  if (!shape) {
    shape = shapeOf(node)
    remembered.set(node, shape)
  }
  return shape
}

const remembered = new WeakMap<AstNode, ResultShape>()

function shapeOf(node: AstNode): ResultShape {
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value':
    case 'regex':
      return notAnObject
    case 'binary':
      return scalarOperators.has(String(node.value)) ? notAnObject : anyResult
    case 'unary':
      return node.value === '{' ? objectShape(node) : notAnObject
    case 'condition':
      return either(resultShape(node.then), resultShape(node.else))
    case 'block':
      return resultShape(node.expressions?.at(-1))
    default:
      return anyResult
  }
}

function objectShape(node: AstNode): ResultShape {
  const keys = new Set<string>()
  for (const [key] of pairsOf(node)) {
    if (key?.type !== 'string') return anyResult
    keys.add(String(key.value))
  }
  return { keys, other: false }
}

function either(a: ResultShape, b: ResultShape): ResultShape {
  const keys = a.keys && b.keys ? new Set([...a.keys, ...b.keys]) : undefined
  return { keys, other: a.other || b.other }
}
