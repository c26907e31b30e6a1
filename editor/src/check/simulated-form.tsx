import type { Form, FormField } from '@conveyor/shared'
import { useId, useState, type FormEvent } from 'react'

function initialValue(field: FormField): unknown {
  if (field.type === 'boolean') return false
  if (field.type === 'select') return field.options?.[0] ?? ''
  return ''
}

function FieldInput({
  field,
  value,
  onChange,
}: {
  field: FormField
  value: unknown
  onChange: (value: unknown) => void
}) {
  const id = useId()
  const label = `${field.label}${field.required ? ' (required)' : ''}`
  if (field.type === 'boolean') {
    return (
      <div className="field field--checkbox">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(event) => onChange(event.target.checked)}
        />
        <label htmlFor={id}>{label}</label>
      </div>
    )
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {field.type === 'select' ? (
        <select id={id} value={String(value)} onChange={(event) => onChange(event.target.value)}>
          {(field.options ?? []).map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      ) : field.type === 'longtext' ? (
        <textarea
          id={id}
          value={String(value)}
          required={field.required}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <input
          id={id}
          type={field.type === 'text' ? 'text' : field.type}
          value={String(value)}
          required={field.required}
          min={field.min}
          max={field.max}
          onChange={(event) =>
            onChange(field.type === 'number' ? event.target.valueAsNumber : event.target.value)
          }
        />
      )}
    </div>
  )
}

/** A form filled in while simulating: the trigger's input or a person's step. */
export function SimulatedForm({
  form,
  submitLabel,
  onSubmit,
}: {
  form: Form
  submitLabel: string
  onSubmit: (values: Record<string, unknown>) => void
}) {
  const [values, setValues] = useState<Record<string, unknown>>(() =>
    Object.fromEntries(form.fields.map((field) => [field.id, initialValue(field)])),
  )
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const filled = Object.fromEntries(
      Object.entries(values).filter(
        ([, value]) => value !== '' && !(typeof value === 'number' && Number.isNaN(value)),
      ),
    )
    onSubmit(filled)
  }
  return (
    <form onSubmit={submit} className="simulated-form">
      {form.fields.map((field) => (
        <FieldInput
          key={field.id}
          field={field}
          value={values[field.id]}
          onChange={(value) => setValues((current) => ({ ...current, [field.id]: value }))}
        />
      ))}
      <button type="submit">{submitLabel}</button>
    </form>
  )
}
