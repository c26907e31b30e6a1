import { rmSync } from 'node:fs'
import { tempDataDir } from '../../service/test-support/service-harness'
import { freshPostgresDatabase } from '../postgres/testing/fresh-database'
import { openSqlDatabase, type SqlDatabase, type SqlTarget } from '../sql'

/** The databases a store suite runs on, for `describe.each`. */
export const storeEngines: ReadonlyArray<SqlDatabase['engine']> = ['sqlite', 'postgres']

/**
 * An empty, migrated store on `engine` (a data folder in a temp dir, or a fresh PostgreSQL
 * database): `open` gives a connection to it (call it again for another, as a second process
 * would have), `close` closes every connection opened and removes the data folder.
 */
export async function freshStore(engine: SqlDatabase['engine']) {
  const target: SqlTarget =
    engine === 'postgres' ? { url: await freshPostgresDatabase() } : { dataDir: tempDataDir() }
  const opened: SqlDatabase[] = []
  return {
    open: async (): Promise<SqlDatabase> => {
      const db = await openSqlDatabase(target)
      opened.push(db)
      return db
    },
    close: async (): Promise<void> => {
      await Promise.all(opened.map((db) => db.close()))
      if ('dataDir' in target) rmSync(target.dataDir, { recursive: true, force: true })
    },
  }
}
