import { expressionAst, fieldReferences, type FieldReference } from '../../expressions'
import type { WorkflowNode } from '../../model'
import { nameOf, type Check, type CheckContext } from '../check-context'
import { dataFields } from '../data-fields'
import { positionAt, type DiagnosticPath } from '../diagnostic'
import { nearestName } from '../nearest-name'
import { expressionsOf, type ExpressionInput } from './expressions'

/** Where a name is looked up: the names there, each with what lies under it (undefined: anything). */
interface Level {
  readonly names: ReadonlyMap<string, Level | undefined>
  /** The instance data, whose fields the workflow declares; otherwise what the runtime builds around it. */
  readonly isData: boolean
}

const wrappers: Record<Exclude<ExpressionInput, 'data'>, { names: string[]; reads: string; hint: string }> = {
  request: {
    names: ['data'],
    reads: '{ data }',
    hint: 'A request body is computed from { data }: read a field of the instance as data.<field>.',
  },
  output: {
    names: ['data', 'result'],
    reads: '{ data, result }',
    hint: "An output mapping is computed from { data, result }: read the step's result as result.<field> and the instance as data.<field>.",
  },
  response: {
    names: ['status', 'headers', 'body'],
    reads: 'the response ({ status, headers, body })',
    hint: 'A response mapping is computed from { status, headers, body }: read the answer as body.<field>.',
  },
}

/**
 * Expressions read names that exist: a field that nothing provides is always empty, so a
 * condition on it silently takes another branch. Where undeclared fields may be in the data,
 * nothing is said about its fields rather than guessed.
 */
export const checkFieldReferences: Check = (context) => {
  const fields = dataFields(context.graph, context.standIns)
  const data: Level = { names: new Map([...fields.known].map((name) => [name, undefined])), isData: true }
  for (const node of context.graph.nodes.values()) {
    const dataHere = fields.undeclared.has(node.id) ? undefined : data
    for (const { expression, path, what, input } of expressionsOf(node)) {
      const root = input === 'data' ? dataHere : wrapperLevel(input, dataHere)
      const ast = root && expressionAst(expression)
      if (!root || !ast) continue
      const reported = new Set<string>()
      for (const reference of fieldReferences(ast)) {
        const missing = firstMissing(reference, root)
        if (!missing || reported.has(missing.read)) continue
        reported.add(missing.read)
        const found = { node, expression, path, what, input }
        report(context, found, reference, missing, fields.known)
      }
    }
  }
}

function wrapperLevel(input: Exclude<ExpressionInput, 'data'>, data: Level | undefined): Level {
  const names = new Map<string, Level | undefined>(wrappers[input].names.map((name) => [name, undefined]))
  if (names.has('data')) names.set('data', data)
  return { names, isData: false }
}

interface Missing {
  /** Position of the name in the reference. */
  at: number
  level: Level
  /** The path read up to the missing name, e.g. `data.amout`. */
  read: string
}

function firstMissing(reference: FieldReference, root: Level): Missing | undefined {
  let level: Level | undefined = root
  for (let at = 0; at < reference.names.length && level; at++) {
    const name = reference.names[at]!
    if (!level.names.has(name)) return { at, level, read: reference.names.slice(0, at + 1).join('.') }
    level = level.names.get(name)
  }
  return undefined
}

interface FoundIn {
  node: WorkflowNode
  expression: string
  path: DiagnosticPath
  what: string
  input: ExpressionInput
}

function report(
  context: CheckContext,
  { node, expression, path, what, input }: FoundIn,
  reference: FieldReference,
  { at, level, read }: Missing,
  known: ReadonlySet<string>,
): void {
  const name = reference.names[at]!
  const prefix = reference.names.slice(0, at).join('.')
  const qualified = (suggestion: string) => `"${prefix ? `${prefix}.` : ''}${suggestion}"`
  const start = expression.lastIndexOf(name, (reference.ends[at] ?? 0) - name.length)
  const where = `The ${what} of ${nameOf(node)} reads "${read}"`
  let message: string
  let hint: string | undefined
  if (level.isData) {
    const near = nearestName(name, level.names.keys())
    message =
      `${where}, but no trigger input, form or step result of this workflow provides "${name}", so it is always empty.` +
      (near ? ` Did you mean ${qualified(near)}?` : '')
  } else {
    const wrapper = wrappers[input as Exclude<ExpressionInput, 'data'>]
    const dataField = level.names.has('data') && known.has(name) ? `data.${name}` : undefined
    const near = dataField ?? nearestName(name, level.names.keys())
    message =
      `${where}, but it is computed from ${wrapper.reads}, which has no "${name}".` +
      (near ? ` Did you mean "${near}"?` : '')
    hint = wrapper.hint
  }
  context.report('expression.unknown-field', {
    nodeId: node.id,
    path: context.nodePath(node.id, ...path),
    message,
    ...(start >= 0 ? { position: positionAt(expression, start) } : {}),
    ...(hint ? { hint } : {}),
  })
}
