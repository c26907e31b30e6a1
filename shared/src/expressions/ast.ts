/**
 * The parts of a JSONata syntax tree (`jsonata(text).ast()`) that the analyses here read;
 * JSONata's own typings leave most of them out.
 */
export interface AstNode {
  type: string
  value?: unknown
  /** Where the node's token ends in the text (a character offset, from 0, exclusive). */
  position?: number
  steps?: AstNode[]
  /** Filters (`[…]`) applied to a step, evaluated against each of its values. */
  stages?: AstNode[]
  expressions?: AstNode[]
  arguments?: AstNode[]
  procedure?: AstNode
  /** A binary operator's left side, or an object constructor's `[key, value]` pairs. */
  lhs?: AstNode | AstNode[][]
  rhs?: AstNode
  expr?: AstNode
  expression?: AstNode
  condition?: AstNode
  then?: AstNode
  else?: AstNode
  body?: AstNode
  pattern?: AstNode
  update?: AstNode
  delete?: AstNode
  terms?: Array<{ expression?: AstNode }>
  /** A grouping (`path{key: value}`), evaluated against each value of the path. */
  group?: { lhs?: AstNode[][] }
  /** `@$var` and `#$var` bindings on a step. */
  focus?: string
  index?: string
}

/** An object constructor's `[key, value]` pairs. */
export function pairsOf(node: AstNode): AstNode[][] {
  return Array.isArray(node.lhs) ? (node.lhs as AstNode[][]) : []
}
