import type pg from 'pg'
import type { StoredAuditRow } from '../audit-chain'
import { quoteName, type SourceTable, type SourceValue } from './sqlite-source'

/** PostgreSQL takes at most 65,535 parameters in one statement. */
const maxParameters = 65_535

/** Of the named tables, those the database has and that hold at least one row. */
export async function tablesWithRows(target: pg.ClientBase, names: string[]): Promise<string[]> {
  const existing = await tableColumns(target)
  const filled: string[] = []
  for (const name of names.filter((n) => existing.has(n))) {
    const { rows } = await target.query(`SELECT EXISTS (SELECT 1 FROM ${quoteName(name)}) AS filled`)
    if (rows[0]!.filled === true) filled.push(name)
  }
  return filled
}

/** The tables of the session's schema with their columns. */
export async function tableColumns(target: pg.ClientBase): Promise<Map<string, Set<string>>> {
  const { rows } = await target.query(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`,
  )
  const tables = new Map<string, Set<string>>()
  for (const row of rows as Array<{ table_name: string; column_name: string }>) {
    const columns = tables.get(row.table_name) ?? new Set<string>()
    columns.add(row.column_name)
    tables.set(row.table_name, columns)
  }
  return tables
}

/** How many rows one multi-row INSERT of the table carries. */
export function rowsPerInsert(table: SourceTable, wanted: number): number {
  return Math.max(1, Math.min(wanted, Math.floor(maxParameters / table.columns.length)))
}

/**
 * Inserts rows as they are, ids included: OVERRIDING SYSTEM VALUE lets the copied ids stand in
 * identity columns (and is a no-op for tables without one). Named, so PostgreSQL parses and plans
 * the statement of a full page once per table instead of once per page.
 */
export async function insertRows(
  target: pg.ClientBase,
  table: SourceTable,
  rows: SourceValue[][],
): Promise<void> {
  if (rows.length === 0) return
  const width = table.columns.length
  const tuples = rows.map((_, r) => `(${table.columns.map((__, c) => `$${r * width + c + 1}`).join(', ')})`)
  await target.query({
    name: `copy ${table.name} ${rows.length}`,
    text: `INSERT INTO ${quoteName(table.name)} (${table.columns.map(quoteName).join(', ')})
      OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`,
    values: rows.flat().map((value) => (typeof value === 'bigint' ? value.toString() : value)),
  })
}

/**
 * Moves every identity or serial sequence of the tables past the highest id they hold (or ever
 * gave out, `floors`), so the next row written on PostgreSQL does not collide with a copied one.
 */
export async function resetSequences(
  target: pg.ClientBase,
  tables: string[],
  floors: Map<string, number>,
): Promise<void> {
  const { rows } = await target.query(
    `SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence
     FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ANY ($1)
       AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL`,
    [tables],
  )
  for (const { table_name, column_name, sequence } of rows as Array<Record<string, string>>) {
    const floor = floors.get(table_name!) ?? 0
    await target.query(
      `SELECT setval($1, GREATEST((SELECT max(${quoteName(column_name!)}) FROM ${quoteName(table_name!)}), $2::bigint, 0) + 1, false)`,
      [sequence, floor],
    )
  }
}

export async function countRows(target: pg.ClientBase, table: string): Promise<number> {
  const { rows } = await target.query(`SELECT count(*) AS n FROM ${quoteName(table)}`)
  return Number(rows[0]!.n)
}

/** The audit log in `seq` order, read in pages, with its numbers as numbers (bigint comes as text). */
export async function* auditRows(target: pg.ClientBase, pageSize = 5_000): AsyncGenerator<StoredAuditRow> {
  let after = 0
  for (;;) {
    const { rows } = await target.query(
      `SELECT seq, at, actor, action, workflow_id, instance_id, node_id, detail, prev_hash, hash
       FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, pageSize],
    )
    for (const row of rows) yield { ...row, seq: Number(row.seq), at: Number(row.at) } as StoredAuditRow
    if (rows.length < pageSize) return
    after = Number(rows.at(-1)!.seq)
  }
}
