import { dataPlaceholder, valueAtPath } from '../../model/data-path'
import type { AssistantTask } from './schema'

/** The item's fields an assistant may read: those it was given, or else those its template names. */
export function assistantSees(task: Pick<AssistantTask, 'sees' | 'template'>): string[] {
  if (task.sees) return task.sees
  return [...new Set([...(task.template ?? '').matchAll(dataPlaceholder)].map((match) => match[1]!))]
}

/** Only the values at these dotted paths, nested as they were; paths with no value are left out. */
export function onlyPaths(data: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const path of paths) {
    const keys = path.split('.')
    const value = valueAtPath(data, path)
    if (value === undefined) continue
    let into = kept
    for (const key of keys.slice(0, -1)) {
      const next = into[key]
      into = (into[key] = next !== null && typeof next === 'object' ? next : {}) as Record<string, unknown>
    }
    into[keys.at(-1)!] = value
  }
  return kept
}

/** The dotted path of every value in the data that is not itself an object: the names of what it holds. */
export function leafPaths(data: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(data).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? leafPaths(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  )
}
