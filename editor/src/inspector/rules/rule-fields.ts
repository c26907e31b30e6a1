import { fieldsGivenBy, startsFlow, type FieldType, type WorkflowDocument } from '@conveyor/shared'
import { upstreamOf } from '../../doc/data-fields'

/** A field a rule can test, as people know it. */
export interface RuleField {
  /** Its path in the instance data. */
  path: string[]
  label: string
  /** Undefined for a step's saved result, whose shape nobody declares. */
  type?: FieldType
  /** The choices of a choice field. */
  options?: string[]
}

/**
 * The fields a rule at `nodeId` can test: the inputs of every trigger, then the form fields and
 * saved results of the steps that may come before it, each once (the first to declare it names it).
 */
export function ruleFieldsAt(document: WorkflowDocument, nodeId: string): RuleField[] {
  const upstream = upstreamOf(document, nodeId)
  const fields = new Map<string, RuleField>()
  const add = (field: RuleField) => {
    const key = field.path.join('.')
    if (!fields.has(key)) fields.set(key, field)
  }
  const sources = [
    ...document.nodes.filter((node) => startsFlow(node.type) && node.id !== nodeId),
    ...document.nodes.filter((node) => !startsFlow(node.type) && upstream.has(node.id)),
  ]
  for (const node of sources) {
    const given = fieldsGivenBy(node)
    if (given === 'unknown') continue
    for (const { path, label, type, options } of given)
      add({
        path: [...path],
        label,
        ...(type ? { type } : {}),
        ...(options ? { options: [...options] } : {}),
      })
  }
  return [...fields.values()]
}
