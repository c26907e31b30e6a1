import { anyResult, expressionAst, noResult, resultShape, type ResultShape } from '../expressions'
import { reachableFrom, successorsOf, type WorkflowGraph } from '../graph'
import type { Form, NodeOfKind, WorkflowNode } from '../model'

/** The instance-data fields a document declares, and where undeclared ones may also be found. */
export interface DataFields {
  /** Trigger inputs, the forms of people's steps, and the results steps save under a known name. */
  readonly known: ReadonlySet<string>
  /**
   * Nodes an instance may reach after a source of fields nobody declares (a start without an input
   * form, an http response saved as it comes, a transform whose result keys are not written out):
   * there, any name may be in the data.
   */
  readonly undeclared: ReadonlySet<string>
}

/**
 * What the instance data can hold, following how the runtime starts instances and saves results.
 * `unsure` nodes (those with stand-in values) are taken to provide any field.
 */
export function dataFields(graph: WorkflowGraph, unsure: ReadonlySet<string>): DataFields {
  const known = new Set<string>()
  const openSources: string[] = []
  for (const node of graph.nodes.values()) {
    const provided = unsure.has(node.id) ? undefined : providedBy(node)
    if (provided === undefined) openSources.push(node.id)
    else for (const name of provided) known.add(name)
  }
  const afterOpenSources = openSources.flatMap((id) => successorsOf(graph, id))
  return { known, undeclared: reachableFrom(graph, afterOpenSources) }
}

/** The field names a node adds to the instance data; undefined when they cannot be known. */
function providedBy(node: WorkflowNode): readonly string[] | undefined {
  if (node.type === 'trigger') {
    // A start is checked against the input form; without one, any input is taken.
    const fields = node.data.input ? fieldIds(node.data.input) : undefined
    // Scheduled starts carry the time they were planned for.
    return node.data.start.kind === 'schedule' ? [...(fields ?? []), 'scheduledAt'] : fields
  }
  if (node.type !== 'step') return []
  const { saveAs, output } = node.data
  if (saveAs !== undefined) return [saveAs]
  const shape = output !== undefined ? shapeOf(output) : stepResult(node)
  if (shape.keys === undefined) return undefined
  // saveResult merges an object result in, and keeps anything else under the step's id.
  return shape.other ? [...shape.keys, node.id] : [...shape.keys]
}

/** What the active mode of a step gives as its result (before its output mapping). */
function stepResult(node: NodeOfKind<'step'>): ResultShape {
  const { mode, human, augment, automate } = node.data
  if (mode === 'human') return formResult(human?.form)
  if (mode === 'augment') return formResult(augment?.form)
  const connector = automate?.connector
  if (connector?.kind === 'transform') return shapeOf(connector.expression)
  if (connector?.kind === 'http')
    return connector.response !== undefined ? shapeOf(connector.response) : anyResult // the body as it comes
  return noResult // a delay, or nothing configured
}

function formResult(form: Form | undefined): ResultShape {
  return form ? { keys: new Set(fieldIds(form)), other: false } : noResult
}

function fieldIds(form: Form): string[] {
  return form.fields.map((field) => field.id)
}

/** An expression that does not parse (reported on its own) may give anything. */
function shapeOf(expression: string): ResultShape {
  const ast = expressionAst(expression)
  return ast ? resultShape(ast) : anyResult
}
