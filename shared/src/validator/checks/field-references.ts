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
  const names = new Map<string, Level | undefined>()
  for (const name of fields.known) names.set(name, undefined)
  const data: Level = { names, isData: true }
  const roots = { declared: rootLevels(data), undeclared: rootLevels(undefined) }
  const suggest = suggester(data)
  for (const node of context.graph.nodes.values()) {
    const levels = fields.undeclared.has(node.id) ? roots.undeclared : roots.declared
    // A decision's conditions read only the data, which may hold anything here.
    if (levels === roots.undeclared && node.type === 'decision') continue
    for (const { expression, path, what, input } of expressionsOf(node)) {
      const root = levels[input]
      const ast = root && expressionAst(expression)
      if (!root || !ast) continue
      let reported: Set<string> | undefined
      for (const reference of fieldReferences(ast)) {
        const missing = firstMissing(reference, root)
        if (!missing || reported?.has(missing.read)) continue
        ;(reported ??= new Set()).add(missing.read)
        const found = { node, expression, path, what, input }
        report(context, found, reference, missing, fields.known, suggest)
      }
    }
  }
}

/** What each kind of expression reads from, given what the data holds (undefined: anything). */
function rootLevels(data: Level | undefined): Record<ExpressionInput, Level | undefined> {
  const wrapper = (input: Exclude<ExpressionInput, 'data'>): Level => {
    const names = new Map<string, Level | undefined>(wrappers[input].names.map((name) => [name, undefined]))
    if (names.has('data')) names.set('data', data)
    return { names, isData: false }
  }
  return { data, request: wrapper('request'), output: wrapper('output'), response: wrapper('response') }
}

/**
 * Distinct names looked up against the data's fields, at most: each lookup compares the name with
 * every known field, so a generated document with thousands of both would otherwise take seconds.
 */
const suggestedNamesLimit = 200

/** The nearest known name of each level, worked out once per name. */
function suggester(data: Level): (name: string, level: Level) => string | undefined {
  const nearestData = new Map<string, string | undefined>()
  return (name, level) => {
    if (level !== data) return nearestName(name, level.names.keys())
    if (!nearestData.has(name) && nearestData.size < suggestedNamesLimit)
      nearestData.set(name, nearestName(name, level.names.keys()))
    return nearestData.get(name)
  }
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
  suggest: (name: string, level: Level) => string | undefined,
): void {
  const name = reference.names[at]!
  const prefix = reference.names.slice(0, at).join('.')
  const qualified = (suggestion: string) => `"${prefix ? `${prefix}.` : ''}${suggestion}"`
  const start = expression.lastIndexOf(name, (reference.ends[at] ?? 0) - name.length)
  const where = `The ${what} of ${nameOf(node)} reads "${read}"`
  let message: string
  let hint: string | undefined
  if (level.isData) {
    const near = suggest(name, level)
    message =
      `${where}, but no trigger input, form or step result of this workflow provides "${name}", so it is always empty.` +
      (near ? ` Did you mean ${qualified(near)}?` : '')
  } else {
    const wrapper = wrappers[input as Exclude<ExpressionInput, 'data'>]
    const dataField = level.names.has('data') && known.has(name) ? `data.${name}` : undefined
    const near = dataField ?? suggest(name, level)
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
