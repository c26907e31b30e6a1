import { FieldType, type Form, type FormField } from '@conveyor/shared'
import { freshId } from '../doc/node-ids'
import { CheckboxField, SelectField, TextField } from './fields'

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
}

/** The fields a person fills in (or an instance starts with): add, edit, reorder, remove. */
export function FormFieldsEditor({ title, form, onChange }: FormFieldsEditorProps) {
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
  const add = () => {
    const id = freshId(
      'field',
      fields.map((field) => field.id),
    )
    onChange({ fields: [...fields, { id, label: 'New field', type: 'text', required: false }] })
  }
  return (
    <fieldset className="form-fields">
      <legend>{title}</legend>
      {fields.length === 0 ? <p className="muted">No fields yet.</p> : null}
      <ol>
        {fields.map((field, index) => (
          <li key={`${field.id}-${index}`} className="form-fields__item">
            <TextField
              label={`Label of field ${index + 1}`}
              value={field.label}
              required
              onCommit={(label) => label && update(index, { label })}
            />
            <TextField
              label={`Id of field ${index + 1} (in the instance data)`}
              value={field.id}
              required
              onCommit={(id) => id && update(index, { id })}
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
      <button type="button" onClick={add}>
        Add field
      </button>
    </fieldset>
  )
}
