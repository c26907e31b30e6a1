import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { AuditVerification } from '../../service/types'
import { verifyAuditChain } from '../audit-verify'
import { sqliteSqlDatabase } from '../sql/sqlite-sql-database'
import type { Db } from '../database'
import { migrations } from '../schema'
import { CopyRefusedError } from './copy-refused'

/**
 * Tables a copy leaves out: the migrations' own record, and the replicas' partition leases (the
 * target's migrations make those, and a folder one process served never used them).
 */
export const tablesNotCopied = ['schema_migrations', 'partition_leases', 'replicas']

export interface SourceTable {
  name: string
  columns: string[]
}

/** A value as SQLite stores it; integers come as bigint so that none loses digits on the way. */
export type SourceValue = string | number | bigint | Buffer | null

/**
 * A data folder read for copying, without changing it: `conveyor.db` opened read-only, all of it
 * read in one read transaction (one consistent moment, whatever else writes), and the folder's
 * server lock held shared for as long as the copy runs, so a server cannot start on it meanwhile.
 */
export class SqliteSource {
  private constructor(
    private readonly db: Db,
    private readonly lock: Db | undefined,
  ) {}

  /** Refuses a folder without a database, held by a running server, or at another schema version. */
  static open(dataDir: string): SqliteSource {
    const file = join(dataDir, 'conveyor.db')
    if (!existsSync(file))
      throw new CopyRefusedError(`There is no Conveyor database in ${dataDir} (no conveyor.db).`)
    const lock = holdServerLock(dataDir)
    const db = new Database(file, { readonly: true, fileMustExist: true })
    const source = new SqliteSource(db, lock)
    try {
      db.exec('BEGIN')
      source.checkSchemaVersion(dataDir)
    } catch (error) {
      source.close()
      throw error
    }
    return source
  }

  /**
   * Every table but those not copied, parents before the tables whose foreign keys point at them
   * (the schema declares none today; the order keeps a copy valid if one comes).
   */
  tables(): SourceTable[] {
    const names = this.db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND name NOT IN (${tablesNotCopied.map(() => '?').join(', ')}) ORDER BY name`,
      )
      .pluck()
      .all(...tablesNotCopied) as string[]
    const ordered: string[] = []
    const place = (name: string, seen: Set<string>) => {
      if (ordered.includes(name) || seen.has(name)) return
      seen.add(name)
      const foreignKeys = this.db.pragma(`foreign_key_list(${quoteName(name)})`) as Array<{ table: string }>
      for (const { table } of foreignKeys) if (names.includes(table)) place(table, seen)
      ordered.push(name)
    }
    for (const name of names) place(name, new Set())
    return ordered.map((name) => ({ name, columns: this.columnsOf(name) }))
  }

  count(table: string): number {
    return this.db
      .prepare(`SELECT count(*) FROM ${quoteName(table)}`)
      .pluck()
      .get() as number
  }

  /**
   * The table's rows in pages of at most `size`, each row its values in `columns` order. Pages
   * follow the rowid, so each is found by the index instead of skipping the ones before it.
   */
  *pages(table: SourceTable, size: number): Generator<SourceValue[][]> {
    const select = this.db
      .prepare(
        `SELECT rowid, ${table.columns.map(quoteName).join(', ')} FROM ${quoteName(table.name)}
         WHERE rowid > ? ORDER BY rowid LIMIT ?`,
      )
      .raw(true)
      .safeIntegers(true)
    let after = -(2n ** 63n)
    for (;;) {
      const rows = select.all(after, size) as Array<[bigint, ...SourceValue[]]>
      if (rows.length === 0) return
      after = rows.at(-1)![0]
      yield rows.map(([, ...values]) => values)
      if (rows.length < size) return
    }
  }

  /** The highest id an AUTOINCREMENT table ever gave out, which may be above its rows' highest. */
  highestIssued(table: string): number {
    const exists = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'`).get()
    if (!exists) return 0
    return (
      (this.db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(table) as number) ?? 0
    )
  }

  verifyAudit(): Promise<AuditVerification> {
    return verifyAuditChain(sqliteSqlDatabase(this.db))
  }

  close(): void {
    this.db.close()
    this.lock?.close()
  }

  private columnsOf(table: string): string[] {
    return (this.db.pragma(`table_info(${quoteName(table)})`) as Array<{ name: string }>).map((c) => c.name)
  }

  /** The copy is applied to a schema made by this version's migrations: the folder must match them. */
  private checkSchemaVersion(dataDir: string): void {
    const applied = new Set(
      this.db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
    )
    const missing = migrations.filter((m) => !applied.has(m.version)).map((m) => m.version)
    if (missing.length > 0) {
      throw new CopyRefusedError(
        `The data folder ${dataDir} was last opened by an older Conveyor (${migrationList(missing)} ` +
          'not applied): start this version on it once, stop it, then copy.',
      )
    }
    const known = new Set(migrations.map((m) => m.version))
    const unknown = [...applied].filter((version) => !known.has(version))
    if (unknown.length > 0) {
      throw new CopyRefusedError(
        `The data folder ${dataDir} was written by a newer Conveyor (${migrationList(unknown)} ` +
          'unknown here): copy it with that version.',
      )
    }
  }
}

const migrationList = (versions: number[]) =>
  `${versions.length === 1 ? 'migration' : 'migrations'} ${versions.join(', ')}`

export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * A running server holds `server.lock` exclusively (store/data-folder-lock.ts): reading it is
 * refused then. Once read, the shared lock of the open read transaction keeps a server from
 * taking the folder until the copy is done. A folder no server ever ran on has no lock file.
 */
function holdServerLock(dataDir: string): Db | undefined {
  const file = join(dataDir, 'server.lock')
  if (!existsSync(file)) return undefined
  const lock = new Database(file, { readonly: true, fileMustExist: true, timeout: 0 })
  try {
    lock.exec('BEGIN')
    lock.prepare('SELECT count(*) FROM server').get()
  } catch (error) {
    lock.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new CopyRefusedError(
        `A running Conveyor server holds the data folder ${dataDir}: stop it first, so that nothing ` +
          'it writes during the copy is left behind.',
      )
    }
    throw error
  }
  return lock
}
