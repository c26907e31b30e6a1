import type { AssistantTask, AugmentConfig, FormField } from '@conveyor/shared'
import { fieldKeyFor } from './field-keys'

type Produces = AssistantTask['produces']

/** The field an assistant's suggestion fills in, for each kind of suggestion, as a step gets it. */
const outputFields: Record<
  Produces,
  { label: string; field: Omit<FormField, 'id' | 'label'>; labels?: string[] }
> = {
  draft: { label: 'Draft', field: { type: 'longtext', required: true } },
  classification: {
    label: 'Category',
    field: { type: 'select', required: true, options: ['Category A', 'Category B'] },
    labels: ['Category A', 'Category B'],
  },
  recommendation: {
    label: 'Recommendation',
    field: { type: 'select', required: true, options: ['Approve', 'Reject'] },
    labels: ['Approve', 'Reject'],
  },
}

/** Whether the form field can hold what the assistant produces (free text, or one of its labels). */
function holds(field: FormField, produces: Produces): boolean {
  return produces === 'draft' ? field.type === 'text' || field.type === 'longtext' : field.type === 'select'
}

/**
 * Points the assistant at a field that holds what it now produces: the field it fills already if
 * that fits, else a new one made for it (a draft: a long text "Draft"; a classification or a
 * recommendation: a choice between its labels), which replaces the field made for the previous
 * kind if nobody renamed it. So an assisted step never waits for someone to pick its output field.
 */
export function withOutputField(
  config: AugmentConfig,
  produces: Produces,
  takenKeys: readonly string[],
): AugmentConfig {
  const { assistant, form } = config
  const current = form.fields.find((field) => field.id === assistant.field)
  if (current && holds(current, produces)) return { ...config, form, assistant: { ...assistant, produces } }
  const made = outputFields[produces]
  const previous = outputFields[assistant.produces]
  const kept = form.fields.filter((field) => !(field === current && field.label === previous.label))
  const id = fieldKeyFor(made.label, [...takenKeys, ...kept.map((field) => field.id)])
  const labels = made.labels ?? assistant.labels
  return {
    ...config,
    form: { fields: [...kept, { id, label: made.label, ...made.field }] },
    assistant: { ...assistant, produces, field: id, ...(labels ? { labels } : {}) },
  }
}

/** A new assistant's task: a draft, written into a field "Draft" of the step's form. */
export function newAugmentConfig(takenKeys: readonly string[]): AugmentConfig {
  const empty: AugmentConfig = {
    form: { fields: [] },
    assistant: { produces: 'draft', instructions: 'Describe what the assistant should do', field: '' },
  }
  return withOutputField(empty, 'draft', takenKeys)
}
