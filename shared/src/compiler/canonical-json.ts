/**
 * A copy of a JSON value with object keys in sorted order and undefined fields dropped, so equal
 * content always serializes to the same bytes whatever order it was built or read in. Array order
 * is kept: it carries meaning (branch order, transition priority).
 */
export function canonical<T>(value: T): T {
  return sortKeys(value) as T
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  const source = value as Record<string, unknown>
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(source).sort()) {
    const field = source[key]
    if (field !== undefined) sorted[key] = sortKeys(field)
  }
  return sorted
}

/** A shallow copy without the fields whose value is undefined. */
export function withoutUndefined<T extends object>(value: T): T {
  const copy: Record<string, unknown> = {}
  for (const key in value) {
    const field = value[key]
    if (field !== undefined) copy[key] = field
  }
  return copy as T
}
