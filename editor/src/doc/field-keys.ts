import type { WorkflowDocument, WorkflowNode, WorkflowYDoc } from '@conveyor/shared'
import { formsOf } from '@conveyor/shared/validator/checks/forms'
import * as Y from 'yjs'

/** Longest key the model accepts (an `Id`). */
const maxKeyLength = 64

/**
 * The key under which a form field's answer is kept in the instance data, made from its label the
 * way the workflows' keys are written: `Order number` → `orderNumber`, `Montant payé (€)` →
 * `montantPaye`. Letters lose their accents, other characters separate words; a label starting
 * with a digit (or with nothing usable) starts with `field`. Taken keys get a number: `orderNumber2`.
 */
export function fieldKeyFor(label: string, taken: Iterable<string> = []): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
  const camel = words
    .map((word, index) => {
      const lower = word.toLowerCase()
      return index === 0 ? lower : lower.charAt(0).toUpperCase() + lower.slice(1)
    })
    .join('')
  const base = (
    /^[a-z]/.test(camel) ? camel : `field${camel.charAt(0).toUpperCase()}${camel.slice(1)}`
  ).slice(0, maxKeyLength)
  const used = new Set(taken)
  if (!used.has(base)) return base
  for (let n = 2; ; n++) {
    const key = `${base.slice(0, maxKeyLength - String(n).length)}${n}`
    if (!used.has(key)) return key
  }
}

/**
 * Every form field key of the workflow (trigger inputs, the forms of every step, in every mode):
 * answers all land in one instance's data, so two fields with one key would overwrite each other.
 */
export function fieldKeysOf(document: WorkflowDocument): string[] {
  return document.nodes.flatMap(keysOfNode)
}

/** The same, read from the workflow's Y.Doc (for changes made where no snapshot is at hand). */
export function fieldKeysInYDoc(y: WorkflowYDoc): string[] {
  return [...y.nodes.values()].flatMap((node) => {
    const data = node.get('data')
    return data instanceof Y.Map
      ? keysOfNode({ type: node.get('type'), data: data.toJSON() } as WorkflowNode)
      : []
  })
}

const keysOfNode = (node: WorkflowNode): string[] =>
  formsOf(node).flatMap(({ form }) => (form.fields ?? []).map((field) => field.id))
