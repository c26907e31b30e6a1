import type pg from 'pg'
import { postgresMigrations } from './postgres-schema'

/** Held while migrating, so that replicas starting together apply each migration once. */
const migrationLockKey = 7_160_420_015

/**
 * Applies the migrations this database lacks, each in its own transaction, recorded in
 * `schema_migrations` as SQLite records them. Waits for another process migrating the same database.
 */
export async function applyPostgresMigrations(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey])
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`)
    const { rows } = await client.query<{ version: string }>('SELECT version FROM schema_migrations')
    const applied = new Set(rows.map((row) => Number(row.version)))
    for (const migration of postgresMigrations) {
      if (applied.has(migration.version)) continue
      await client.query('BEGIN')
      try {
        await client.query(migration.sql)
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          Date.now(),
        ])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw new Error(
          `PostgreSQL migration ${migration.version} (${migration.name}) failed: ${messageOf(error)}`,
        )
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey])
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))
