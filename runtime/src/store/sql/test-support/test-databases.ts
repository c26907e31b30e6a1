import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freshPostgresDatabase } from '../../postgres/testing/fresh-database'
import { openSqlDatabase, type SqlTarget } from '../open-sql-database'
import type { SqlDatabase } from '../sql-database'

/** Each database a suite that must hold on both runs against, by name for `describe.each`. */
export const testEngines: ReadonlyArray<SqlDatabase['engine']> = ['sqlite', 'postgres']

/**
 * An empty, migrated store on `engine` (a data folder in a temp dir, or a fresh PostgreSQL
 * database): `open` gives a connection to it (call it again for another, as a second process
 * would have), `close` closes every connection opened and removes the data folder.
 */
export async function freshStore(engine: SqlDatabase['engine']) {
  const target: SqlTarget =
    engine === 'postgres'
      ? { url: await freshPostgresDatabase() }
      : { dataDir: mkdtempSync(join(tmpdir(), 'store-test-')) }
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

/** One connection to an empty, migrated store on `engine`, and how to close it and throw it away. */
export async function openTestDatabase(
  engine: SqlDatabase['engine'],
): Promise<{ db: SqlDatabase; dispose: () => Promise<void> }> {
  const store = await freshStore(engine)
  return { db: await store.open(), dispose: store.close }
}
