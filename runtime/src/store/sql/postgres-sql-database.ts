import pg from 'pg'
import { applyPostgresMigrations } from '../postgres/postgres-migrate'
import { numberedPlaceholders } from './placeholders'
import { scopedTo } from './scoped-executor'
import { runNamingSql, type SqlDatabase, type SqlExecutor, type SqlValue } from './sql-database'
import { plainBytes, safeInteger } from './sql-values'
import { TransactionQueue } from './transaction-queue'

export interface PostgresOptions {
  url: string
  /** Connections kept open at most (transactions use one at a time; reads share the rest). */
  poolSize?: number
}

/**
 * The port on PostgreSQL through a connection pool; a transaction runs on one pooled client.
 * The migrations are applied before it is returned (under an advisory lock, so replicas starting
 * together apply each once).
 */
export async function openPostgresSqlDatabase(options: PostgresOptions): Promise<SqlDatabase> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types: portableTypes,
  })
  // An idle client that loses its server (PostgreSQL restarting) reports here; the next query
  // that needs a connection fails with the reason, so nothing is lost by not throwing here.
  pool.on('error', () => {})
  try {
    const client = await pool.connect()
    try {
      await applyPostgresMigrations(client)
    } finally {
      client.release()
    }
  } catch (error) {
    await pool.end()
    throw error
  }

  const queue = new TransactionQueue()
  return {
    engine: 'postgres',
    ...executorOn(pool),
    transaction: (work) =>
      queue.run(async () => {
        const client = await runNamingSql('BEGIN', () => pool.connect())
        let broken: Error | undefined
        try {
          await runNamingSql('BEGIN', () => client.query('BEGIN'))
          const tx = scopedTo(executorOn(client))
          try {
            const result = await work(tx.executor)
            await runNamingSql('COMMIT', () => client.query('COMMIT'))
            return result
          } catch (error) {
            await client.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed))
            throw error
          } finally {
            tx.end()
          }
        } finally {
          // A client whose rollback failed is in an unknown state: the pool discards it.
          client.release(broken)
        }
      }),
    close: async () => {
      await queue.drained()
      await pool.end()
    },
  }
}

function executorOn(target: pg.Pool | pg.PoolClient): SqlExecutor {
  const all = <Row>(sql: string, params: readonly SqlValue[] = []) =>
    runNamingSql(sql, async () => {
      const result = await target.query(numbered(sql), params as SqlValue[])
      return result.rows as Row[]
    })
  return {
    all,
    get: async <Row>(sql: string, params?: readonly SqlValue[]) => (await all<Row>(sql, params))[0],
    run: (sql, params = []) =>
      runNamingSql(sql, async () => ({
        changes: (await target.query(numbered(sql), params as SqlValue[])).rowCount ?? 0,
      })),
  }
}

const rewritten = new Map<string, string>()
function numbered(sql: string): string {
  let text = rewritten.get(sql)
  if (text === undefined) {
    text = numberedPlaceholders(sql)
    rewritten.set(sql, text)
  }
  return text
}

/** Integers as JS numbers (refusing any a number cannot hold exactly) and bytes as Uint8Array. */
const portableTypes = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === pg.types.builtins.INT8) return (text: string) => safeInteger(text, 'a BIGINT value')
    if (oid === pg.types.builtins.NUMERIC) return numericValue
    if (oid === pg.types.builtins.BYTEA) {
      const bytes = pg.types.getTypeParser(oid, 'text') as (text: string) => Buffer
      return (text: string) => plainBytes(bytes(text))
    }
    return pg.types.getTypeParser(oid, format as 'text')
  }) as pg.CustomTypesConfig['getTypeParser'],
}

/** sum() over integers is NUMERIC: a whole one must fit a number exactly, a fraction is a float. */
function numericValue(text: string): number {
  return /^-?\d+$/.test(text) ? safeInteger(text, 'a NUMERIC value') : Number(text)
}
