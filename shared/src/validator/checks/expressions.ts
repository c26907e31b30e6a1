import { checkExpression } from '../../expressions'
import type { WorkflowNode } from '../../model'
import { nameOf, type Check } from '../check-context'
import { positionAt, type DiagnosticPath } from '../diagnostic'

/** Every JSONata expression the compiled workflow will evaluate must parse. */
export const checkExpressions: Check = ({ graph, report, nodePath }) => {
  for (const node of graph.nodes.values()) {
    for (const { expression, path, what } of expressionsOf(node)) {
      const result = checkExpression(expression)
      if (result.ok) continue
      const position = result.position === undefined ? undefined : positionAt(expression, result.position)
      report('expression.invalid', {
        nodeId: node.id,
        path: nodePath(node.id, ...path),
        message: `The ${what} of ${nameOf(node)} cannot be read: ${result.message}${position ? ` (at character ${position.offset + 1})` : ''}.`,
        ...(position ? { position } : {}),
      })
    }
  }
}

/**
 * What an expression is evaluated against: the instance data itself, `{ data }` (a request body),
 * `{ data, result }` (an output mapping) or `{ status, headers, body }` (a response mapping).
 */
export type ExpressionInput = 'data' | 'request' | 'output' | 'response'

interface FoundExpression {
  expression: string
  path: DiagnosticPath
  what: string
  input: ExpressionInput
}

/** The expressions of a node that its active configuration uses. */
export function expressionsOf(node: WorkflowNode): FoundExpression[] {
  const found: FoundExpression[] = []
  const add = (
    expression: string | undefined,
    path: DiagnosticPath,
    what: string,
    input: ExpressionInput = 'data',
  ) => {
    if (expression !== undefined) found.push({ expression, path, what, input })
  }
  if (node.type === 'decision') {
    node.data.branches.forEach((branch, index) =>
      add(
        branch.condition,
        ['data', 'branches', index, 'condition'],
        `condition of branch "${branch.label}"`,
      ),
    )
  }
  if (node.type === 'step') {
    add(node.data.output, ['data', 'output'], 'output mapping', 'output')
    const connector = node.data.mode === 'automate' ? node.data.automate?.connector : undefined
    const at: DiagnosticPath = ['data', 'automate', 'connector']
    if (connector?.kind === 'http') {
      add(connector.body, [...at, 'body'], 'request body', 'request')
      add(connector.response, [...at, 'response'], 'response mapping', 'response')
    } else if (connector?.kind === 'transform') {
      add(connector.expression, [...at, 'expression'], 'transformation')
    } else if (connector?.kind === 'delay') {
      add(connector.until, [...at, 'until'], 'wait-until time')
    }
  }
  return found
}
