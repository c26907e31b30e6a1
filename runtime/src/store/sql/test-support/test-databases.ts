import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freshPostgresDatabase } from '../../postgres/testing/fresh-database'
import { openSqlDatabase } from '../open-sql-database'
import type { SqlDatabase } from '../sql-database'

/** Each database a suite that must hold on both runs against, by name for `describe.each`. */
export const testEngines: ReadonlyArray<SqlDatabase['engine']> = ['sqlite', 'postgres']

/**
 * An empty, migrated store on `engine` (a fresh data folder or a fresh PostgreSQL database), and
 * how to close it and throw it away.
 */
export async function openTestDatabase(
  engine: SqlDatabase['engine'],
): Promise<{ db: SqlDatabase; dispose: () => Promise<void> }> {
  if (engine === 'postgres') {
    const db = await openSqlDatabase({ url: await freshPostgresDatabase() })
    return { db, dispose: () => db.close() }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'store-test-'))
  const db = await openSqlDatabase({ dataDir })
  return {
    db,
    dispose: async () => {
      await db.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
