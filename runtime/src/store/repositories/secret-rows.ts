import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'

/** A named secret for connectors, its value sealed. */
export interface SecretRow {
  name: string
  value: string
  created_at: number
  updated_at: number
  updated_by: string
}

/** Reads of the `secrets` table. */
export class SecretRows {
  constructor(private readonly sql: SqlExecutor) {}

  /** By name. */
  all(): Promise<SecretRow[]> {
    return this.sql.all<SecretRow>('SELECT * FROM secrets ORDER BY name')
  }

  async names(): Promise<string[]> {
    const rows = await this.sql.all<{ name: string }>('SELECT name FROM secrets ORDER BY name')
    return rows.map((row) => row.name)
  }

  byName(name: string): Promise<SecretRow | undefined> {
    return this.sql.get<SecretRow>('SELECT * FROM secrets WHERE name = ?', [name])
  }

  /** The rows of these names that exist. */
  byNames(names: readonly string[]): Promise<SecretRow[]> {
    if (names.length === 0) return Promise.resolve([])
    return this.sql.all<SecretRow>(
      `SELECT * FROM secrets WHERE name IN (${names.map(() => '?').join(', ')})`,
      names,
    )
  }

  /** Any one row: enough to check that the key opens what is sealed. */
  any(): Promise<SecretRow | undefined> {
    return this.sql.get<SecretRow>('SELECT * FROM secrets LIMIT 1')
  }
}

/** An upsert rather than a choice made on an earlier read: a secret created meanwhile is replaced, never a failed batch. */
export const storeSecret = (name: string, sealed: string, at: number, by: string): SqlWrite => ({
  sql: `INSERT INTO secrets (name, value, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
      updated_by = excluded.updated_by`,
  params: [name, sealed, at, at, by],
})

export const deleteSecret = (name: string): SqlWrite => ({
  sql: 'DELETE FROM secrets WHERE name = ?',
  params: [name],
})
