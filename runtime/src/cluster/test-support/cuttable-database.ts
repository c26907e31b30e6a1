import type { SqlDatabase } from '../../store/sql'

/** A database a test can cut this process off from: while cut, everything fails as if unreachable. */
export interface CuttableDatabase extends SqlDatabase {
  cut(): void
  mend(): void
}

export function cuttable(db: SqlDatabase): CuttableDatabase {
  let cut = false
  const reach = () => {
    if (cut) throw new Error('connect ECONNREFUSED (the test cut this replica off from its database)')
  }
  return {
    engine: db.engine,
    all: async (sql, params) => (reach(), db.all(sql, params)),
    get: async (sql, params) => (reach(), db.get(sql, params)),
    run: async (sql, params) => (reach(), db.run(sql, params)),
    transaction: async (work) => (reach(), db.transaction(work)),
    close: () => db.close(),
    cut: () => (cut = true),
    mend: () => (cut = false),
  }
}
