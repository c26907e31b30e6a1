import type { Form, WorkflowNode } from '../../model'
import type { DiagnosticPath } from '../diagnostic'

/** Every form a node carries, with its path inside the node (all modes, active or kept aside). */
export function formsOf(node: WorkflowNode): Array<{ form: Form; path: DiagnosticPath }> {
  if (node.type !== 'trigger' && node.type !== 'step') return []
  const forms: Array<{ form: Form; path: DiagnosticPath }> = []
  if (node.type === 'trigger' && node.data.input)
    forms.push({ form: node.data.input, path: ['data', 'input'] })
  if (node.type === 'step') {
    if (node.data.human) forms.push({ form: node.data.human.form, path: ['data', 'human', 'form'] })
    if (node.data.augment) forms.push({ form: node.data.augment.form, path: ['data', 'augment', 'form'] })
    if (node.data.fallback?.form)
      forms.push({ form: node.data.fallback.form, path: ['data', 'fallback', 'form'] })
  }
  return forms
}
