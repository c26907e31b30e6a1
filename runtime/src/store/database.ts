import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { migrations } from './schema'

export type Db = Database.Database
/** A prepared statement of the connection, for the reads that still prepare their own. */
export type Statement = Database.Statement

export function defaultDataDir(): string {
  return resolve(process.env.CONVEYOR_DATA ?? './data')
}

/**
 * Opens (creating when needed) `conveyor.db` in `dataDir`, in WAL mode with `synchronous=FULL`:
 * a commit is on disk before it returns. Speed comes from group commit, not from weaker syncs.
 */
export function openDatabase(dataDir: string = defaultDataDir()): Db {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, 'conveyor.db'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // Fewer, larger checkpoints: each one also syncs the database file.
  db.pragma('wal_autocheckpoint = 10000')
  migrate(db)
  return db
}

function migrate(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`)
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map(
      (r) => r.version,
    ),
  )
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue
    db.transaction(() => {
      db.exec(migration.sql)
      record.run(migration.version, migration.name, Date.now())
    })()
  }
}
