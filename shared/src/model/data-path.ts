/** `{{path.to.value}}` naming a value of an item's data, spaces allowed inside the braces. */
export const dataPlaceholder = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g

/**
 * The value at a dotted path of an item's data, or undefined where there is none. Only the data's
 * own properties are read, so a path such as `constructor` names nothing rather than a built-in.
 */
export function valueAtPath(data: unknown, path: string): unknown {
  let value = data
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

/** A value as placeholder text: strings as they are, anything else as JSON. */
export function placeholderText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
