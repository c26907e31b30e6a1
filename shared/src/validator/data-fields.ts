import { reachableFrom, successorsOf, type WorkflowGraph } from '../graph'
import { stepResultShape } from '../kinds/step/result-shape'
import type { Form, WorkflowNode } from '../model'

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
    const provided = unsure.has(node.id) ? false : provide(node, known)
    if (!provided) openSources.push(node.id)
  }
  const afterOpenSources = openSources.flatMap((id) => successorsOf(graph, id))
  return { known, undeclared: reachableFrom(graph, afterOpenSources) }
}

/** Adds the field names a node adds to the instance data to `known`; false when they cannot be known. */
function provide(node: WorkflowNode, known: Set<string>): boolean {
  if (node.type === 'trigger') {
    // Scheduled starts carry the time they were planned for.
    if (node.data.start.kind === 'schedule') known.add('scheduledAt')
    // A start is checked against the input form; without one, any input is taken.
    if (node.data.input) addFields(node.data.input, known)
    return node.data.input !== undefined || node.data.start.kind === 'schedule'
  }
  if (node.type !== 'step') return true
  const { saveAs, output, mode } = node.data
  if (saveAs !== undefined) {
    known.add(saveAs)
    return true
  }
  if (output === undefined && mode !== 'automate') {
    // A person's step gives the fields of its form.
    const form = mode === 'human' ? node.data.human?.form : node.data.augment?.form
    if (form) addFields(form, known)
    return true
  }
  const shape = stepResultShape(node.data)
  if (shape.keys === undefined) return false
  for (const key of shape.keys) known.add(key)
  // saveResult merges an object result in, and keeps anything else under the step's id.
  if (shape.other) known.add(node.id)
  return true
}

function addFields(form: Form, known: Set<string>): void {
  for (const field of form.fields) known.add(field.id)
}
