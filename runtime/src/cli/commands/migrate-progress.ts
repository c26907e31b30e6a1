import type { CopiedTable, TableProgress } from '../../store/copy-to-postgres'

/** Rows between two progress lines within one table: a large table says it is moving, a small one stays quiet. */
export const rowsPerProgressLine = 100_000

const count = (n: number) => n.toLocaleString('en-US')

/**
 * Progress lines for a copy, written as it goes: one when each table is done, and within a large
 * table one each time another `rowsPerProgressLine` rows are in.
 */
export function migrateProgress(write: (line: string) => void) {
  let lastLine = 0
  return {
    onRows({ name, copied, of }: TableProgress) {
      const step = Math.floor(copied / rowsPerProgressLine)
      if (step > lastLine && copied < of) write(`  ${name}: ${count(copied)} of ${count(of)} rows\n`)
      lastLine = step
    },
    onTable({ name, rows }: CopiedTable) {
      lastLine = 0
      write(`  ${name}: ${count(rows)} rows copied\n`)
    },
  }
}
