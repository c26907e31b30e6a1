import { openDatabase } from '../database'
import { openPostgresSqlDatabase } from './postgres-sql-database'
import type { SqlDatabase } from './sql-database'
import { sqliteSqlDatabase } from './sqlite-sql-database'

export type SqlTarget = { url: string; poolSize?: number } | { dataDir: string }

/**
 * Opens the store's database, migrated: PostgreSQL at `url` (postgres://…), or `conveyor.db` in
 * the data folder `dataDir`.
 */
export async function openSqlDatabase(target: SqlTarget): Promise<SqlDatabase> {
  if ('url' in target) return openPostgresSqlDatabase(target)
  return sqliteSqlDatabase(openDatabase(target.dataDir))
}
