import type { FieldType, FormField, WorkflowDocument, WorkflowNode } from '@conveyor/shared'
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

function formOf(node: WorkflowNode): FormField[] {
  if (node.type === 'trigger') return node.data.input?.fields ?? []
  if (node.type !== 'step') return []
  const form = node.data.mode === 'human' ? node.data.human?.form : node.data.augment?.form
  return node.data.mode === 'automate' ? [] : (form?.fields ?? [])
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
    ...document.nodes.filter((node) => node.type === 'trigger' && node.id !== nodeId),
    ...document.nodes.filter((node) => node.type !== 'trigger' && upstream.has(node.id)),
  ]
  for (const node of sources) {
    for (const field of formOf(node))
      add({
        path: [field.id],
        label: field.label,
        type: field.type,
        ...(field.options ? { options: field.options } : {}),
      })
    if (node.type === 'step' && node.data.saveAs)
      add({ path: [node.data.saveAs], label: `${node.data.label}: result` })
  }
  return [...fields.values()]
}
