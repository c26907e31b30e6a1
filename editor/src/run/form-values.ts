import type { FieldError, TaskFormField } from '@conveyor/shared/protocol/api'

/** What a form's inputs hold while people type: text for most fields, a flag for checkboxes. */
export type FormState = Record<string, string | boolean>

/** The inputs' starting values from the data a task or instance already has. */
export function initialFormState(fields: TaskFormField[], values: Record<string, unknown> = {}): FormState {
  const state: FormState = {}
  for (const field of fields) {
    const value = values[field.id]
    if (field.type === 'boolean') state[field.id] = value === true
    else state[field.id] = value === undefined || value === null ? '' : String(value)
  }
  return state
}

/**
 * The JSON a form submits: numbers as numbers, empty inputs left out so the server's own
 * "required" check names them. Text that is not a number stays text, and the server says so.
 */
export function formData(fields: TaskFormField[], state: FormState): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const field of fields) {
    const value = state[field.id]
    if (typeof value === 'boolean') {
      data[field.id] = value
      continue
    }
    if (value === undefined || value.trim() === '') continue
    if (field.type === 'number') {
      const number = Number(value)
      data[field.id] = Number.isFinite(number) ? number : value
    } else data[field.id] = value
  }
  return data
}

/** The server's field errors by form field id (it addresses them as `data.<fieldId>` or `input.<fieldId>`). */
export function errorsByField(errors: FieldError[], fieldIds: string[]): Record<string, string> {
  const byField: Record<string, string> = {}
  for (const error of errors) {
    const id = error.field ?? fieldIds.find((candidate) => error.path.split(/[.[\]]/).includes(candidate))
    if (id && !byField[id]) byField[id] = error.message
  }
  return byField
}
