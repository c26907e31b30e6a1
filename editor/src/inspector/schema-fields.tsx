import { z } from 'zod'
import { CheckboxField, NumberField, SelectField, TextField } from './fields'

interface PropertySchema {
  type?: string
  enum?: string[]
  minimum?: number
  maximum?: number
  default?: unknown
  items?: { type?: string }
}

const schemaCache = new WeakMap<z.ZodType, Record<string, PropertySchema>>()

function propertiesOf(schema: z.ZodType): Record<string, PropertySchema> {
  let properties = schemaCache.get(schema)
  if (!properties) {
    const json = z.toJSONSchema(schema, { io: 'input' }) as { properties?: Record<string, PropertySchema> }
    properties = json.properties ?? {}
    schemaCache.set(schema, properties)
  }
  return properties
}

interface SchemaFieldsProps {
  /** A flat zod object (numbers, strings, enums, booleans, lists of strings). */
  schema: z.ZodType
  value: Record<string, unknown> | undefined
  /** The new value; `undefined` when every field is empty. */
  onChange: (value: Record<string, unknown> | undefined) => void
  /** Label per property; properties without one are not shown (they have their own editor). */
  labels: Record<string, string>
  hints?: Record<string, string>
}

/** Inputs generated from the model's schema, so limits and choices follow the model. */
export function SchemaFields({ schema, value, onChange, labels, hints = {} }: SchemaFieldsProps) {
  const properties = propertiesOf(schema)
  const set = (key: string, next: unknown) => {
    const updated = { ...value, [key]: next }
    if (next === undefined) delete updated[key]
    onChange(Object.keys(updated).length === 0 ? undefined : updated)
  }
  return (
    <>
      {Object.entries(properties).flatMap(([key, property]) => {
        const label = labels[key]
        if (!label) return []
        const current = value?.[key]
        const hint = hints[key]
        const placeholder =
          property.default === undefined ? undefined : `${String(property.default)} by default`
        if (property.enum) {
          return [
            <SelectField
              key={key}
              label={label}
              hint={hint}
              value={current as string | undefined}
              emptyLabel="—"
              options={property.enum.map((option) => ({ value: option, label: option }))}
              onChange={(next) => set(key, next)}
            />,
          ]
        }
        if (property.type === 'number' || property.type === 'integer') {
          return [
            <NumberField
              key={key}
              label={label}
              hint={hint}
              placeholder={placeholder}
              value={current as number | undefined}
              min={property.minimum}
              max={property.maximum}
              step={property.type === 'integer' ? 1 : undefined}
              onCommit={(next) => set(key, next)}
            />,
          ]
        }
        if (property.type === 'boolean') {
          return [
            <CheckboxField
              key={key}
              label={label}
              checked={current === true}
              onChange={(next) => set(key, next || undefined)}
            />,
          ]
        }
        if (property.type === 'array' && property.items?.type === 'string') {
          const list = Array.isArray(current) ? (current as string[]) : undefined
          return [
            <TextField
              key={key}
              label={label}
              hint={hint ?? 'Separate with commas'}
              value={list?.join(', ')}
              onCommit={(next) => {
                const items =
                  next
                    ?.split(',')
                    .map((entry) => entry.trim())
                    .filter(Boolean) ?? []
                set(key, items.length > 0 ? items : undefined)
              }}
            />,
          ]
        }
        return [
          <TextField
            key={key}
            label={label}
            hint={hint}
            placeholder={placeholder}
            value={current as string | undefined}
            onCommit={(next) => set(key, next)}
          />,
        ]
      })}
    </>
  )
}
