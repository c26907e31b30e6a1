import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../database'
import { migrations } from '../schema'
import { applyPostgresMigrations } from './postgres-migrate'
import { postgresMigrationSql } from './postgres-schema'
import { freshPostgresDatabase } from './testing/fresh-database'

interface ColumnShape {
  name: string
  type: string
  nullable: boolean
}
type SchemaShape = Map<string, { columns: ColumnShape[]; indexes: Map<string, string[]> }>

/** The PostgreSQL type each SQLite declared type becomes. */
const postgresTypeOf: Record<string, string> = {
  INTEGER: 'bigint',
  TEXT: 'text',
  REAL: 'double precision',
  BLOB: 'bytea',
}

function sqliteShape(db: Db): SchemaShape {
  const shape: SchemaShape = new Map()
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as Array<{ name: string }>
  for (const { name } of tables) {
    const columns = (
      db.pragma(`table_info(${name})`) as Array<{ name: string; type: string; notnull: number; pk: number }>
    ).map((column) => ({
      name: column.name,
      type: postgresTypeOf[column.type] ?? `unmapped ${column.type}`,
      // SQLite lets primary key columns hold NULL unless declared NOT NULL; PostgreSQL never does,
      // and the runtime never writes NULL there.
      nullable: column.notnull === 0 && column.pk === 0,
    }))
    const indexes = new Map<string, string[]>()
    const named = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
      .all(name) as Array<{ name: string }>
    for (const index of named) {
      const keys = db.pragma(`index_info(${index.name})`) as Array<{ seqno: number; name: string }>
      indexes.set(
        index.name,
        keys.sort((a, b) => a.seqno - b.seqno).map((key) => key.name),
      )
    }
    shape.set(name, { columns, indexes })
  }
  return shape
}

async function postgresShape(client: pg.ClientBase): Promise<SchemaShape> {
  const shape: SchemaShape = new Map()
  const { rows: columns } = await client.query<{
    table_name: string
    column_name: string
    data_type: string
    is_nullable: string
  }>(`SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`)
  for (const column of columns) {
    const table = shape.get(column.table_name) ?? {
      columns: [] as ColumnShape[],
      indexes: new Map<string, string[]>(),
    }
    table.columns.push({
      name: column.column_name,
      type: column.data_type,
      nullable: column.is_nullable === 'YES',
    })
    shape.set(column.table_name, table)
  }
  // Indexes the schema names itself, not those backing a primary key or unique constraint (SQLite
  // keeps those as sqlite_autoindex_*).
  const { rows: indexes } = await client.query<{ table_name: string; index_name: string; columns: string[] }>(
    `SELECT t.relname AS table_name, i.relname AS index_name,
            array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relnamespace = current_schema()::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
  )
  for (const index of indexes) shape.get(index.table_name)?.indexes.set(index.index_name, index.columns)
  return shape
}

describe('the schema on PostgreSQL', () => {
  let dataDir: string
  let sqlite: Db
  let client: pg.Client

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'postgres-schema-'))
    sqlite = openDatabase(dataDir)
    client = new pg.Client({ connectionString: await freshPostgresDatabase() })
    await client.connect()
    await applyPostgresMigrations(client)
  })

  afterAll(async () => {
    await client?.end()
    sqlite?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('has the same tables, columns, nullability and indexes as a fresh SQLite database', async () => {
    const expected = sqliteShape(sqlite)
    const actual = await postgresShape(client)
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort())
    for (const [table, shape] of expected) {
      expect({ table, ...actual.get(table) }).toEqual({ table, ...shape })
    }
  })

  it('records the same migrations, and applies none twice', async () => {
    await applyPostgresMigrations(client)
    const { rows } = await client.query<{ version: number; name: string }>(
      'SELECT version::int AS version, name FROM schema_migrations ORDER BY version',
    )
    const recorded = sqlite.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()
    expect(rows).toEqual(recorded)
    expect(rows.map((row) => row.version)).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b))
  })

  it('numbers the rows the database numbers, and keeps epoch milliseconds', async () => {
    const at = Date.UTC(2300, 0, 1)
    await client.query(
      `INSERT INTO events (at, instance_id, workflow_id, deployment_id, type) VALUES ($1, 'i', 'w', 'd', 'started'), ($1, 'i', 'w', 'd', 'ended')`,
      [at],
    )
    const { rows } = await client.query('SELECT seq::int AS seq, at::text AS at FROM events ORDER BY seq')
    expect(rows).toEqual([
      { seq: 1, at: String(at) },
      { seq: 2, at: String(at) },
    ])
  })
})

describe('translating a SQLite migration', () => {
  it('widens integers, and maps real numbers and bytes', () => {
    expect(postgresMigrationSql('CREATE TABLE t (a INTEGER NOT NULL, b REAL, c BLOB, d TEXT)')).toBe(
      'CREATE TABLE t (a BIGINT NOT NULL, b DOUBLE PRECISION, c BYTEA, d TEXT)',
    )
  })

  it('numbers a rowid column only where the database assigns it', () => {
    expect(postgresMigrationSql('CREATE TABLE events (seq INTEGER PRIMARY KEY, at INTEGER)')).toBe(
      'CREATE TABLE events (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at BIGINT)',
    )
    expect(postgresMigrationSql('CREATE TABLE audit (seq INTEGER PRIMARY KEY, at INTEGER)')).toBe(
      'CREATE TABLE audit (seq BIGINT PRIMARY KEY, at BIGINT)',
    )
  })

  it('refuses a rowid column nobody said who numbers', () => {
    expect(() => postgresMigrationSql('CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT)')).toThrow(
      'notes.id is a rowid column',
    )
    expect(() => postgresMigrationSql('CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY)')).toThrow(
      'notes.id is a rowid column',
    )
  })
})
