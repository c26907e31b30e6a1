import type { SqlValue } from '../sql'

/**
 * `?, ?, …` for an `IN (…)` over `ids`, with the ids as its values. The list is padded to the next
 * power of two (repeating the last id, which changes no answer), so a query prepared once per SQL
 * text is prepared for a handful of lengths rather than for every one.
 */
export function idList(ids: readonly string[]): { marks: string; params: SqlValue[] } {
  if (ids.length === 0) throw new Error('an IN list needs at least one id')
  let size = 1
  while (size < ids.length) size *= 2
  const params: SqlValue[] = [...ids]
  while (params.length < size) params.push(ids[ids.length - 1]!)
  return { marks: params.map(() => '?').join(', '), params }
}
