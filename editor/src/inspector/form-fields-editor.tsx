import { FieldType, type Form, type FormField } from '@conveyor/shared'
import type { FieldStep } from '@conveyor/shared/ydoc/expression-texts'
import { useId, useState } from 'react'
import { fieldKeyFor } from '../doc/field-keys'
import { CheckboxField, SelectField, TextField } from './fields'
import { SharedTextField } from './shared-text-field'

const typeLabels: Record<FieldType, string> = {
  text: 'Text',
  longtext: 'Long text',
  number: 'Number',
  boolean: 'Yes / no',
  date: 'Date',
  email: 'E-mail',
  select: 'Choice',
}

interface FormFieldsEditorProps {
  title: string
  form: Form | undefined
  onChange: (form: Form) => void
  /** Where the form is: the node, and the path to the form inside its data. */
  at: { nodeId: string; path: readonly FieldStep[] }
  /** The field keys the workflow uses already (a new field's key differs from all of them). */
  takenKeys: readonly string[]
}

/**
 * The fields a person fills in (or an instance starts with): add, edit, reorder, remove. People
 * name a field; its key in the instance data is made from the name when the field is added and
 * then kept, since expressions refer to it.
 */
export function FormFieldsEditor({ title, form, onChange, at, takenKeys }: FormFieldsEditorProps) {
  const fields = form?.fields ?? []
  const update = (index: number, patch: Partial<FormField>) =>
    onChange({
      fields: fields.map((field, at) => (at === index ? ({ ...field, ...patch } as FormField) : field)),
    })
  const remove = (index: number) => onChange({ fields: fields.filter((_, at) => at !== index) })
  const move = (index: number, by: number) => {
    const next = [...fields]
    const [moved] = next.splice(index, 1)
    next.splice(index + by, 0, moved!)
    onChange({ fields: next })
  }
  const add = (label: string) => {
    const id = fieldKeyFor(label, [...takenKeys, ...fields.map((field) => field.id)])
    onChange({ fields: [...fields, { id, label, type: 'text', required: false }] })
  }
  return (
    <fieldset className="form-fields">
      <legend>{title}</legend>
      {fields.length === 0 ? <p className="muted">No fields yet.</p> : null}
      <ol>
        {fields.map((field, index) => (
          <li key={`${field.id}-${index}`} className="form-fields__item">
            <SharedTextField
              label={`Label of field ${index + 1}`}
              hint={`Kept in the instance data as ${field.id}`}
              value={field.label}
              field={{ nodeId: at.nodeId, path: [...at.path, 'fields', { id: field.id }, 'label'] }}
              required
              onCommit={(label) => label && update(index, { label })}
            />
            <SelectField
              label={`Type of field ${index + 1}`}
              value={field.type}
              options={FieldType.options.map((type) => ({ value: type, label: typeLabels[type] }))}
              onChange={(type) => type && update(index, { type })}
            />
            {field.type === 'select' ? (
              <TextField
                label={`Choices of field ${index + 1}`}
                hint="Separate with commas"
                value={field.options?.join(', ')}
                onCommit={(text) => {
                  const options =
                    text
                      ?.split(',')
                      .map((entry) => entry.trim())
                      .filter(Boolean) ?? []
                  update(index, { options: options.length > 0 ? options : undefined })
                }}
              />
            ) : null}
            <CheckboxField
              label={`${field.label} is required`}
              checked={field.required}
              onChange={(required) => update(index, { required })}
            />
            <div className="row">
              <button
                type="button"
                onClick={() => move(index, -1)}
                disabled={index === 0}
                aria-label={`Move ${field.label} up`}
              >
                ↑
              </button>
              <button
                type="button"
                onClick={() => move(index, 1)}
                disabled={index === fields.length - 1}
                aria-label={`Move ${field.label} down`}
              >
                ↓
              </button>
              <button
                type="button"
                className="is-destructive"
                onClick={() => remove(index)}
                aria-label={`Remove field ${field.label}`}
              >
                Remove
              </button>
            </div>
          </li>
        ))}
      </ol>
      <NewFieldAdder onAdd={add} />
    </fieldset>
  )
}

/** A new field starts from its label, which its key is made from. */
function NewFieldAdder({ onAdd }: { onAdd: (label: string) => void }) {
  const id = useId()
  const [label, setLabel] = useState('')
  const add = () => {
    if (label.trim() === '') return
    onAdd(label.trim())
    setLabel('')
  }
  return (
    <div className="field form-fields__new">
      <label htmlFor={id}>Label of the new field</label>
      <div className="row">
        <input
          id={id}
          value={label}
          placeholder="Like Order number"
          onChange={(event) => setLabel(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return
            event.preventDefault()
            add()
          }}
        />
        <button type="button" onClick={add} disabled={label.trim() === ''}>
          Add field
        </button>
      </div>
    </div>
  )
}
