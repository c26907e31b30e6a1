import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freshPostgresDatabase } from '../../postgres/testing/fresh-database'
import { openSqlDatabase, type SqlDatabase } from '../../sql'

/** The two databases a repository must hold on, for `describe.each(eachDatabase)`. */
export const eachDatabase: Array<SqlDatabase['engine']> = ['sqlite', 'postgres']

/** A migrated, empty database of this engine, and how to close and remove it. */
export async function openEmptyDatabase(
  engine: SqlDatabase['engine'],
): Promise<{ db: SqlDatabase; dispose: () => Promise<void> }> {
  if (engine === 'postgres') {
    const db = await openSqlDatabase({ url: await freshPostgresDatabase() })
    return { db, dispose: () => db.close() }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'repository-'))
  const db = await openSqlDatabase({ dataDir })
  return {
    db,
    dispose: async () => {
      await db.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
