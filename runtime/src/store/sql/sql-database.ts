/** A value bound to a `?` placeholder, and a column's value as read back. */
export type SqlValue = string | number | null | Uint8Array

/**
 * Runs SQL in the one portable dialect both databases read: `?` placeholders, `ON CONFLICT …
 * DO UPDATE/NOTHING` with `excluded.`, integers as JS numbers, bytes as Uint8Array.
 */
export interface SqlExecutor {
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>
  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>
}

export interface SqlDatabase extends SqlExecutor {
  readonly engine: 'sqlite' | 'postgres'
  /**
   * Commits when `work` resolves, rolls back when it rejects; transactions never interleave (the
   * transactions of one SqlDatabase run one after another). Inside, use `tx`, never the database.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** A statement the database refused or could not run: its message names the problem and the SQL. */
export class SqlError extends Error {
  override name = 'SqlError'
  constructor(
    readonly sql: string,
    cause: unknown,
  ) {
    super(
      `${cause instanceof Error ? cause.message : String(cause)} (in SQL: ${sql.trim().replace(/\s+/g, ' ')})`,
      {
        cause,
      },
    )
  }
}

/** Runs `query`, turning what it throws into an SqlError that names the SQL. */
export async function runNamingSql<T>(sql: string, query: () => T | Promise<T>): Promise<T> {
  try {
    return await query()
  } catch (error) {
    throw error instanceof SqlError ? error : new SqlError(sql, error)
  }
}
