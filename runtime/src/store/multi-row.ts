import type { SqlValue } from './sql/sql-database'

/**
 * Rows per multi-row statement at most: PostgreSQL binds at most 65,535 parameters per statement,
 * and the widest row the writer inserts has 13 columns.
 */
export const maxRowsPerStatement = 512

/**
 * The rows cut into runs of a power-of-two length (largest first, at most `maxRowsPerStatement`),
 * so a statement's text takes one of only ten forms per table: SQLite prepares each form once.
 */
export function* rowRuns<T>(rows: readonly T[]): Generator<readonly T[]> {
  let at = 0
  while (at < rows.length) {
    let size = maxRowsPerStatement
    while (size > rows.length - at) size >>= 1
    yield rows.slice(at, at + size)
    at += size
  }
}

const valueLists = new Map<string, string>()

/** `(?, ?), (?, ?)…`: `rows` lists of `columns` placeholders. */
export function placeholderRows(columns: number, rows: number): string {
  const key = `${columns}x${rows}`
  let text = valueLists.get(key)
  if (text === undefined) {
    const one = `(${Array.from({ length: columns }, () => '?').join(', ')})`
    text = Array.from({ length: rows }, () => one).join(', ')
    valueLists.set(key, text)
  }
  return text
}

/** The values of `rows`, row after row, each row's columns as `columnsOf` lists them. */
export function flatValues<T>(rows: readonly T[], columnsOf: (row: T, into: SqlValue[]) => void): SqlValue[] {
  const values: SqlValue[] = []
  for (const row of rows) columnsOf(row, values)
  return values
}
