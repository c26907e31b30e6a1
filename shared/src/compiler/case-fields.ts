import { valueAtPath, type FieldType, type Form } from '../model'
import type { Manifest } from './compiled'

/** A field of the instance data that people know by its label: a trigger's input or a form's answer. */
export interface LabelledField {
  /** Where it is in the instance data, dotted (`amount`, `approval.note`). */
  path: string
  label: string
  type: FieldType
  /** The node whose form declares it. */
  nodeId: string
}

/** One line of what a task shows about its item: a field by label, with its value when it has one. */
export interface CaseField {
  path: string
  label: string
  /** The form field's type, to show the value as people write it; absent for unlabelled data. */
  type?: FieldType
  /** Absent when the instance holds nothing there. */
  value?: unknown
}

function formFields(form: Form | undefined, nodeId: string, under?: string): LabelledField[] {
  return (form?.fields ?? []).map((field) => ({
    path: under === undefined ? field.id : `${under}.${field.id}`,
    label: field.label,
    type: field.type,
    nodeId,
  }))
}

/**
 * Every labelled field a deployed workflow's data may hold, each path once (the first to declare it
 * names it): the triggers' inputs, then the answers of people's forms, where the runtime saves
 * them (under the step's `saveAs` when it has one; reshaped answers have no known labels).
 */
export function labelledFields(manifest: Manifest): LabelledField[] {
  // A deployment's manifest never changes: worked out once, not again for every task it makes.
  let fields = labelledFieldsByManifest.get(manifest)
  if (!fields) {
    fields = findLabelledFields(manifest)
    labelledFieldsByManifest.set(manifest, fields)
  }
  return fields
}

const labelledFieldsByManifest = new WeakMap<Manifest, LabelledField[]>()

function findLabelledFields(manifest: Manifest): LabelledField[] {
  const found = manifest.triggers.flatMap((id) => {
    const trigger = manifest.nodes[id]
    return trigger?.kind === 'trigger' ? formFields(trigger.input, id) : []
  })
  for (const [id, node] of Object.entries(manifest.nodes)) {
    if (node.kind === 'step' && node.mode !== 'automate' && node.output === undefined)
      found.push(...formFields(node.form, id, node.saveAs))
  }
  const byPath = new Map<string, LabelledField>()
  for (const field of found) if (!byPath.has(field.path)) byPath.set(field.path, field)
  return [...byPath.values()]
}

/**
 * What a person working `nodeId` is shown of the item: the fields its step chose (`caseFields`),
 * each by label where one is known, with or without a value; by default every labelled field that
 * has a value, except the node's own form, which the person is filling in.
 */
export function caseOf(manifest: Manifest, nodeId: string, data: Record<string, unknown>): CaseField[] {
  const fields = labelledFields(manifest)
  const node = manifest.nodes[nodeId]
  const chosen = node?.kind === 'step' ? node.caseFields : undefined
  const line = (path: string, field?: LabelledField): CaseField => {
    const value = valueAtPath(data, path)
    return {
      path,
      label: field?.label ?? path,
      ...(field ? { type: field.type } : {}),
      ...(value === undefined ? {} : { value }),
    }
  }
  if (chosen) {
    const byPath = new Map(fields.map((field) => [field.path, field]))
    return chosen.map((path) => line(path, byPath.get(path)))
  }
  return fields
    .filter((field) => field.nodeId !== nodeId)
    .map((field) => line(field.path, field))
    .filter((entry) => entry.value !== undefined)
}
