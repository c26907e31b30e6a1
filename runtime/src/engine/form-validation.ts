import type { FieldError } from '../service/errors'
import type { TaskFormField } from '../service/types'

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function checkValue(field: TaskFormField, value: unknown): string | undefined {
  switch (field.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number'
      if (field.min !== undefined && value < field.min) return `must be at least ${field.min}`
      if (field.max !== undefined && value > field.max) return `must be at most ${field.max}`
      return undefined
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false'
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'must be a date (YYYY-MM-DD)'
    case 'email':
      return typeof value === 'string' && emailPattern.test(value) ? undefined : 'must be an email address'
    case 'select':
      return typeof value === 'string' && (field.options ?? []).includes(value)
        ? undefined
        : `must be one of: ${(field.options ?? []).join(', ')}`
    default: {
      if (typeof value !== 'string') return 'must be text'
      if (field.min !== undefined && value.length < field.min)
        return `must be at least ${field.min} characters`
      if (field.max !== undefined && value.length > field.max)
        return `must be at most ${field.max} characters`
      return undefined
    }
  }
}

/** Checks data against a form: one FieldError per field that does not fit (path `<prefix>.<fieldId>`). */
export function validateForm(
  fields: TaskFormField[],
  data: Record<string, unknown>,
  options: { prefix?: string; allowExtra?: boolean } = {},
): FieldError[] {
  const prefix = options.prefix ?? 'data'
  const errors: FieldError[] = []
  const known = new Set(fields.map((f) => f.id))
  for (const field of fields) {
    const value = data[field.id]
    const empty = value === undefined || value === null || value === ''
    if (empty) {
      if (field.required)
        errors.push({ path: `${prefix}.${field.id}`, field: field.id, message: `${field.label} is required` })
      continue
    }
    const problem = checkValue(field, value)
    if (problem)
      errors.push({ path: `${prefix}.${field.id}`, field: field.id, message: `${field.label} ${problem}` })
  }
  if (options.allowExtra) return errors
  for (const key of Object.keys(data)) {
    if (!known.has(key))
      errors.push({ path: `${prefix}.${key}`, field: key, message: `"${key}" is not a field of this form` })
  }
  return errors
}
