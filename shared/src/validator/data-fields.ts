import { reachableFrom, successorsOf, type WorkflowGraph } from '../graph'
import { fieldsGivenBy } from '../kinds'
import type { WorkflowNode } from '../model'

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
  const given = fieldsGivenBy(node)
  if (given === 'unknown') return false
  for (const field of given) known.add(field.path[0]!)
  return true
}
