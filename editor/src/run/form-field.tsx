import type { TaskFormField } from '@conveyor/shared/protocol/api'
import { useId } from 'react'
import './run.css'

interface FormFieldProps {
  field: TaskFormField
  value: string | boolean
  error?: string
  readOnly?: boolean
  onChange: (value: string | boolean) => void
}

const inputTypes: Record<string, string> = { text: 'text', number: 'number', date: 'date', email: 'email' }

/** One form field, drawn from its definition; the server's error for it is shown beside it. */
export function FormField({ field, value, error, readOnly, onChange }: FormFieldProps) {
  const id = useId()
  const errorId = `${id}-error`
  const helpId = `${id}-help`
  const describedBy = [field.help ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined
  const common = {
    id,
    name: field.id,
    required: field.required,
    readOnly,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  }
  const text = typeof value === 'string' ? value : ''

  let control
  if (field.type === 'boolean') {
    control = (
      <input
        {...common}
        type="checkbox"
        required={false}
        disabled={readOnly}
        checked={value === true}
        onChange={(event) => onChange(event.target.checked)}
      />
    )
  } else if (field.type === 'longtext') {
    control = (
      <textarea {...common} rows={5} value={text} onChange={(event) => onChange(event.target.value)} />
    )
  } else if (field.type === 'select') {
    control = (
      <select {...common} disabled={readOnly} value={text} onChange={(event) => onChange(event.target.value)}>
        <option value="">{field.required ? 'Choose…' : '(none)'}</option>
        {(field.options ?? []).map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    )
  } else {
    control = (
      <input
        {...common}
        type={inputTypes[field.type] ?? 'text'}
        min={field.min}
        max={field.max}
        step={field.type === 'number' ? 'any' : undefined}
        value={text}
        onChange={(event) => onChange(event.target.value)}
      />
    )
  }

  return (
    <div className={`form-field form-field-${field.type}`}>
      <label htmlFor={id}>
        {field.label}
        {field.required && <span aria-hidden="true"> *</span>}
      </label>
      {control}
      {field.help && (
        <small id={helpId} className="muted">
          {field.help}
        </small>
      )}
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  )
}
