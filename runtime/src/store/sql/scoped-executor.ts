import type { SqlExecutor } from './sql-database'

/** An executor usable until `end()`: a transaction's statements must not outlive it. */
export function scopedTo(executor: SqlExecutor): { executor: SqlExecutor; end(): void } {
  let ended = false
  const check = (sql: string) => {
    if (ended) throw new Error(`the transaction has ended; "${sql}" was run on it afterwards`)
  }
  return {
    executor: {
      all: async (sql, params) => (check(sql), executor.all(sql, params)),
      get: async (sql, params) => (check(sql), executor.get(sql, params)),
      run: async (sql, params) => (check(sql), executor.run(sql, params)),
    },
    end: () => {
      ended = true
    },
  }
}
