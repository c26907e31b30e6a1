import type { Statement } from 'better-sqlite3'
import type { Db } from '../database'
import { runNamingSql, type SqlDatabase, type SqlExecutor, type SqlValue } from './sql-database'
import { scopedTo } from './scoped-executor'
import { plainBytes, safeInteger } from './sql-values'
import { TransactionQueue } from './transaction-queue'

/**
 * The port over a better-sqlite3 connection (from `openDatabase`, so migrated), with statements
 * prepared once per SQL text. One connection means one transaction at a time: a transaction holds
 * the connection from `BEGIN IMMEDIATE` to its end, and statements outside it wait their turn.
 */
export function sqliteSqlDatabase(db: Db): SqlDatabase {
  const prepared = new Map<string, Statement>()
  const statement = (sql: string): Statement => {
    let cached = prepared.get(sql)
    if (cached === undefined) {
      cached = db.prepare(sql)
      // Integers come back as bigint, so that one past 2^53 is refused rather than rounded.
      if (cached.reader) cached.safeIntegers(true)
      prepared.set(sql, cached)
    }
    return cached
  }

  const direct: SqlExecutor = {
    all: <Row>(sql: string, params: readonly SqlValue[] = []) =>
      runNamingSql(sql, () => {
        const query = statement(sql)
        if (!query.reader) {
          query.run(...bound(params))
          return []
        }
        return (query.all(...bound(params)) as Array<Record<string, unknown>>).map(plainRow) as Row[]
      }),
    get: async <Row>(sql: string, params: readonly SqlValue[] = []) =>
      (await direct.all<Row>(sql, params))[0],
    run: (sql: string, params: readonly SqlValue[] = []) =>
      runNamingSql(sql, () => ({ changes: statement(sql).run(...bound(params)).changes })),
  }

  const queue = new TransactionQueue()
  let inTransaction = false
  /** Outside a transaction a statement runs at once; during one it waits for the connection. */
  const outside =
    <A extends unknown[], R>(op: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      inTransaction ? queue.run(() => op(...args)) : op(...args)

  return {
    engine: 'sqlite',
    all: outside(direct.all) as SqlExecutor['all'],
    get: outside(direct.get) as SqlExecutor['get'],
    run: outside(direct.run),
    transaction: (work) =>
      queue.run(async () => {
        await runNamingSql('BEGIN IMMEDIATE', () => db.exec('BEGIN IMMEDIATE'))
        inTransaction = true
        const tx = scopedTo(direct)
        try {
          const result = await work(tx.executor)
          db.exec('COMMIT')
          return result
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK')
          throw error
        } finally {
          tx.end()
          inTransaction = false
        }
      }),
    close: async () => {
      await queue.drained()
      db.close()
    },
  }
}

/** better-sqlite3 binds Buffers as blobs; a plain Uint8Array is wrapped (no copy). */
const bound = (params: readonly SqlValue[]) =>
  params.map((value) =>
    value instanceof Uint8Array && !Buffer.isBuffer(value)
      ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
      : value,
  )

function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const [column, value] of Object.entries(row)) {
    if (typeof value === 'bigint') row[column] = safeInteger(value, `column "${column}"`)
    else if (Buffer.isBuffer(value)) row[column] = plainBytes(value)
  }
  return row
}
