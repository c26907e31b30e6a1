import type { Form } from '../model'
import type { GivenField } from './kind-spec'

/** A form's fields as the instance data holds them: at the top, or under `under` when given. */
export function formFieldsGiven(form: Form | undefined, under?: string): GivenField[] {
  return (form?.fields ?? []).map((field) => ({
    path: under === undefined ? [field.id] : [under, field.id],
    label: field.label,
    type: field.type,
    ...(field.options ? { options: field.options } : {}),
  }))
}
