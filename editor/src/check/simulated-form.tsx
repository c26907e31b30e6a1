import type { Form } from '@conveyor/shared'
import { useState, type FormEvent } from 'react'
import { FormField } from '../run/form-field'
import { formData, initialFormState, type FormState } from '../run/form-values'

/**
 * A form filled in while simulating: the trigger's input or a person's step. The same fields as
 * the inbox's task form; a choice starts on its first option so a run can go on at once.
 */
export function SimulatedForm({
  form,
  submitLabel,
  onSubmit,
}: {
  form: Form
  submitLabel: string
  onSubmit: (values: Record<string, unknown>) => void
}) {
  const [values, setValues] = useState<FormState>(() =>
    initialFormState(
      form.fields,
      Object.fromEntries(form.fields.map((field) => [field.id, field.options?.[0]])),
    ),
  )
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSubmit(formData(form.fields, values))
  }
  return (
    <form onSubmit={submit} className="simulated-form">
      {form.fields.map((field) => (
        <FormField
          key={field.id}
          field={field}
          value={values[field.id] ?? ''}
          onChange={(value) => setValues((current) => ({ ...current, [field.id]: value }))}
        />
      ))}
      <button type="submit">{submitLabel}</button>
    </form>
  )
}
