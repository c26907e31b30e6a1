import type pg from 'pg'
import type { AuditVerification } from '../../service/types'
import { AuditChainCheck } from '../audit-verify'
import { CopyRefusedError } from './copy-refused'
import {
  auditRows,
  countRows,
  insertRows,
  resetSequences,
  rowsPerInsert,
  tableColumns,
  tablesWithRows,
} from './postgres-target'
import { SqliteSource, type SourceTable } from './sqlite-source'

export interface CopiedTable {
  name: string
  rows: number
}

export interface CopyReport {
  tables: CopiedTable[]
  /** The audit chain as verified on the PostgreSQL copy. */
  audit: AuditVerification & { ok: true }
}

export interface CopyOptions {
  /** Rows per multi-row INSERT (fewer for wide tables, under PostgreSQL's parameter limit). */
  rowsPerInsert?: number
  /** Told each table as it is done, for progress. */
  onTable?(table: CopiedTable): void
  /** Told after each page of rows, with the rows of the table copied so far and how many it holds. */
  onRows?(progress: TableProgress): void
}

export interface TableProgress {
  name: string
  copied: number
  of: number
}

/** Any lock id works as long as every copy uses the same one: two copies at once wait in turn. */
const copyLockId = 0x636f7079

/**
 * Copies a SQLite data folder into an empty PostgreSQL database whose migrations `applySchema`
 * applies, then verifies the copy: the same row count in each table and an intact audit chain
 * read back from PostgreSQL. The rows go in and are verified inside one transaction, committed
 * only when all is well: a copy that fails leaves the database without rows, so it can simply be
 * run again (a database holding rows is refused). The folder is only read.
 */
export async function copyDataFolder(
  dataDir: string,
  target: pg.ClientBase,
  applySchema: (target: pg.ClientBase) => Promise<void>,
  options: CopyOptions = {},
): Promise<CopyReport> {
  const source = SqliteSource.open(dataDir)
  try {
    const tables = source.tables()
    const names = tables.map((t) => t.name)
    await refuseRows(target, names)
    await applySchema(target)
    await refuseMissingColumns(target, tables)
    await target.query('BEGIN')
    try {
      await target.query('SELECT pg_advisory_xact_lock($1)', [copyLockId])
      // Another copy may have filled it since the check above.
      await refuseRows(target, names)
      const copied: CopiedTable[] = []
      for (const table of tables) {
        const rows = await copyTable(source, target, table, options.rowsPerInsert ?? 1_000, options.onRows)
        copied.push({ name: table.name, rows })
        options.onTable?.({ name: table.name, rows })
      }
      await resetSequences(target, names, new Map(names.map((name) => [name, source.highestIssued(name)])))
      await verifyCounts(source, target, copied)
      const audit = await verifyAudit(source, target)
      await target.query('COMMIT')
      return { tables: copied, audit }
    } catch (error) {
      // A lost connection ends the transaction by itself; the first error is the one to report.
      await target.query('ROLLBACK').catch(() => {})
      throw error
    }
  } finally {
    source.close()
  }
}

async function refuseRows(target: pg.ClientBase, names: string[]): Promise<void> {
  const filled = await tablesWithRows(target, names)
  if (filled.length > 0) {
    throw new CopyRefusedError(
      `The target database is not empty: ${namesOf(filled)} ${filled.length === 1 ? 'holds' : 'hold'} rows. ` +
        'Copy into a new, empty database; nothing was copied.',
    )
  }
}

/** The first few names, and how many more: a whole schema's worth says no more than that. */
function namesOf(tables: string[]): string {
  const shown = tables.slice(0, 4).join(', ')
  return tables.length > 4 ? `${shown} and ${tables.length - 4} more tables` : shown
}

async function refuseMissingColumns(target: pg.ClientBase, tables: SourceTable[]): Promise<void> {
  const schema = await tableColumns(target)
  const missing = tables.flatMap((table) => {
    const columns = schema.get(table.name)
    if (!columns) return [`table ${table.name}`]
    return table.columns.filter((c) => !columns.has(c)).map((c) => `column ${table.name}.${c}`)
  })
  if (missing.length > 0) {
    throw new CopyRefusedError(
      `The PostgreSQL schema has no place for ${missing.join(', ')} of the data folder; nothing was copied.`,
    )
  }
}

async function copyTable(
  source: SqliteSource,
  target: pg.ClientBase,
  table: SourceTable,
  wanted: number,
  onRows: CopyOptions['onRows'],
) {
  const of = onRows ? source.count(table.name) : 0
  let rows = 0
  for (const page of source.pages(table, rowsPerInsert(table, wanted))) {
    try {
      await insertRows(target, table, page)
    } catch (error) {
      throw new CopyRefusedError(
        `Copying ${table.name} failed after ${rows} rows: ${error instanceof Error ? error.message : String(error)}. ` +
          'Nothing was kept.',
      )
    }
    rows += page.length
    onRows?.({ name: table.name, copied: rows, of })
  }
  return rows
}

async function verifyCounts(
  source: SqliteSource,
  target: pg.ClientBase,
  copied: CopiedTable[],
): Promise<void> {
  const mismatches: string[] = []
  for (const { name } of copied) {
    const [there, here] = [source.count(name), await countRows(target, name)]
    if (there !== here) mismatches.push(`${name} has ${here} rows on PostgreSQL, ${there} in the data folder`)
  }
  if (mismatches.length > 0) {
    throw new CopyRefusedError(
      `Row counts differ after the copy: ${mismatches.join('; ')}. Nothing was kept.`,
    )
  }
}

async function verifyAudit(source: SqliteSource, target: pg.ClientBase): Promise<CopyReport['audit']> {
  const check = new AuditChainCheck()
  for await (const row of auditRows(target)) if (!check.add(row)) break
  const result = check.result()
  if (result.ok) return result
  const inFolder = await source.verifyAudit()
  const why =
    !inFolder.ok && inFolder.brokenAt === result.brokenAt
      ? "the data folder's own chain breaks there too: a row was changed outside Conveyor"
      : "the data folder's chain is intact there: the copy changed it"
  throw new CopyRefusedError(
    `The audit chain of the table audit does not verify on PostgreSQL at seq ${result.brokenAt}: ` +
      `${result.reason} (${why}). Nothing was kept.`,
  )
}
