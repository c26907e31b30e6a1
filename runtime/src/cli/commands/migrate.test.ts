import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { copyDataFolderToPostgres } from '../../store/copy-to-postgres'
import { tablesNotCopied } from '../../store/copy-to-postgres/sqlite-source'
import { filledDataFolder } from '../../store/copy-to-postgres/test-support/filled-data-folder'
import { lockDataFolder } from '../../store/data-folder-lock'
import { freshPostgresDatabase } from '../../store/postgres/testing/fresh-database'
import { runCli } from '../run-cli'
import { migrateCommand } from './migrate'

type Row = Record<string, unknown>

let dataDir: string
const folders: string[] = []
const clients: pg.Client[] = []

beforeAll(async () => {
  dataDir = await filledDataFolder()
  folders.push(dataDir)
})
afterAll(async () => {
  for (const client of clients) await client.end()
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

async function migrate(...argv: string[]) {
  let out = ''
  let err = ''
  const code = await runCli({ migrate: migrateCommand }, ['migrate', ...argv], {
    cwd: process.cwd(),
    out: (text) => (out += text),
    err: (text) => (err += text),
    readInput: async () => '',
  })
  return { code, out, err }
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  clients.push(client)
  return client
}

/** The folder's rows as they are, read without changing it. */
function readFolder(folder: string) {
  const db = new Database(join(folder, 'conveyor.db'), { readonly: true })
  const tables = (
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[]
  ).filter((name) => !tablesNotCopied.includes(name))
  return {
    tables,
    count: (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number,
    row: (sql: string) => db.prepare(sql).get() as Row,
    close: () => db.close(),
  }
}

async function countsOn(client: pg.Client, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of tables) {
    counts[table] = Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)
  }
  return counts
}

/** A PostgreSQL row in SQLite's terms: BIGINT columns arrive as text. */
function asInFolder(copied: Row, original: Row): Row {
  return Object.fromEntries(
    Object.entries(copied).map(([key, value]) => [
      key,
      typeof original[key] === 'number' && value !== null ? Number(value) : value,
    ]),
  )
}

function copyOfFolder(): string {
  const copy = mkdtempSync(join(tmpdir(), 'conveyor-migrate-'))
  cpSync(dataDir, copy, { recursive: true })
  folders.push(copy)
  return copy
}

const fileHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('conveyor migrate --to postgres://…', () => {
  it('copies every table of a folder the service filled, ids and all, verifies it, and leaves the folder as it was', async () => {
    const url = await freshPostgresDatabase()
    const databaseFile = join(dataDir, 'conveyor.db')
    const before = fileHash(databaseFile)
    const run = await migrate('--to', url, '--data', dataDir)
    expect(run.code).toBe(0)
    expect(fileHash(databaseFile)).toBe(before)

    const folder = readFolder(dataDir)
    const target = await connect(url)
    try {
      for (const table of ['instances', 'events', 'tasks', 'timers', 'outbox', 'audit', 'collab_snapshots']) {
        expect(folder.count(table), table).toBeGreaterThan(0)
      }
      const expected = Object.fromEntries(folder.tables.map((table) => [table, folder.count(table)]))
      expect(await countsOn(target, folder.tables)).toEqual(expected)
      for (const [table, rows] of Object.entries(expected)) {
        expect(run.out).toMatch(new RegExp(`^  ${table} +${rows}$`, 'm'))
        expect(run.err, 'progress').toContain(`  ${table}: ${rows.toLocaleString('en-US')} rows copied\n`)
      }
      expect(run.out).toContain(`audit chain verified: ${expected.audit} rows`)

      const instance = folder.row("SELECT * FROM instances WHERE status = 'completed' ORDER BY id LIMIT 1")
      const copiedInstance = (await target.query('SELECT * FROM instances WHERE id = $1', [instance.id]))
        .rows[0]
      expect(asInFolder(copiedInstance, instance)).toEqual(instance)
      expect(JSON.parse(copiedInstance.snapshot as string)).toEqual(JSON.parse(instance.snapshot as string))

      const task = folder.row("SELECT * FROM tasks WHERE status = 'completed' ORDER BY id LIMIT 1")
      const copiedTask = (await target.query('SELECT * FROM tasks WHERE id = $1', [task.id])).rows[0]
      expect(asInFolder(copiedTask, task)).toEqual(task)

      const audit = folder.row('SELECT * FROM audit WHERE seq = (SELECT max(seq) FROM audit) - 3')
      const copiedAudit = (await target.query('SELECT * FROM audit WHERE seq = $1', [audit.seq])).rows[0]
      expect(asInFolder(copiedAudit, audit)).toEqual(audit)

      const document = folder.row('SELECT * FROM collab_snapshots LIMIT 1')
      const copiedDocument = (
        await target.query('SELECT * FROM collab_snapshots WHERE workflow_id = $1', [document.workflow_id])
      ).rows[0]
      expect(asInFolder(copiedDocument, document)).toEqual(document)
      const update = folder.row('SELECT * FROM collab_updates LIMIT 1')
      const doc = new Y.Doc()
      Y.applyUpdate(doc, copiedDocument.state as Buffer)
      const copiedUpdate = (
        await target.query('SELECT data FROM collab_updates WHERE seq = $1', [update.seq])
      ).rows[0]
      Y.applyUpdate(doc, copiedUpdate.data as Buffer)
      expect(doc.getText('title').toString()).toBe('Moved to PostgreSQL!')

      // The next row numbered by PostgreSQL comes after the copied ones instead of colliding.
      const next = await target.query(
        `INSERT INTO events (at, instance_id, workflow_id, deployment_id, type)
         VALUES (1, 'i', 'w', 'd', 'started') RETURNING seq`,
      )
      expect(Number(next.rows[0].seq)).toBe(Number(folder.row('SELECT max(seq) AS seq FROM events').seq) + 1)
    } finally {
      folder.close()
    }
  })

  it('copies in pages of any size with the same result', async () => {
    const url = await freshPostgresDatabase()
    const announced: string[] = []
    const report = await copyDataFolderToPostgres(dataDir, url, {
      rowsPerInsert: 7,
      onTable: (table) => announced.push(table.name),
    })
    const folder = readFolder(dataDir)
    try {
      expect(report.tables).toEqual(folder.tables.sort().map((name) => ({ name, rows: folder.count(name) })))
      expect(report.audit.checked).toBe(folder.count('audit'))
      expect(announced).toEqual(report.tables.map((t) => t.name))
    } finally {
      folder.close()
    }
  })

  it('refuses a database that already holds rows, and changes nothing there', async () => {
    const url = await freshPostgresDatabase()
    expect((await migrate('--to', url, '--data', dataDir)).code).toBe(0)
    const target = await connect(url)
    const folder = readFolder(dataDir)
    const tables = folder.tables
    folder.close()
    const before = await countsOn(target, tables)
    const lastSeq = (await target.query('SELECT max(seq) AS seq FROM audit')).rows[0].seq

    const again = await migrate('--to', url, '--data', dataDir)
    expect(again.code).toBe(1)
    expect(again.out).toBe('')
    expect(again.err).toMatch(
      /^Copying .*…\nconveyor migrate: The target database is not empty: .*\baudit\b.*nothing was copied\.\n$/,
    )
    expect(await countsOn(target, tables)).toEqual(before)
    expect((await target.query('SELECT max(seq) AS seq FROM audit')).rows[0].seq).toBe(lastSeq)
  })

  it('names the seq of an audit row edited in the folder, and keeps nothing of the copy', async () => {
    const tampered = copyOfFolder()
    const db = new Database(join(tampered, 'conveyor.db'))
    db.prepare('UPDATE audit SET actor = ? WHERE seq = 7').run('user:mallory')
    db.close()
    const url = await freshPostgresDatabase()

    const run = await migrate('--to', url, '--data', tampered)
    expect(run.code).toBe(1)
    expect(run.err).toContain('does not verify on PostgreSQL at seq 7')
    expect(run.err).toContain("the data folder's own chain breaks there too")
    const target = await connect(url)
    const folder = readFolder(tampered)
    const tables = folder.tables
    folder.close()
    const counts = await countsOn(target, tables)
    expect(Object.values(counts).every((n) => n === 0)).toBe(true)
  })

  it('refuses a folder a running server holds, before touching the database', async () => {
    const held = copyOfFolder()
    const lock = lockDataFolder(held)
    const url = await freshPostgresDatabase()
    try {
      const run = await migrate('--to', url, '--data', held)
      expect(run.code).toBe(1)
      expect(run.err).toContain(`A running Conveyor server holds the data folder ${held}: stop it first`)
    } finally {
      lock.release()
    }
    const target = await connect(url)
    const tables = await target.query(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
    )
    expect(Number(tables.rows[0].n)).toBe(0)
  })

  it('keeps a server from starting on the folder while it copies, and lets it start after', async () => {
    const folder = copyOfFolder()
    lockDataFolder(folder).release() // a server ran on it and stopped
    const attempts: string[] = []
    await copyDataFolderToPostgres(folder, await freshPostgresDatabase(), {
      onTable: () => {
        if (attempts.length > 0) return
        try {
          lockDataFolder(folder).release()
          attempts.push('started')
        } catch (error) {
          attempts.push((error as Error).message)
        }
      },
    })
    expect(attempts).toEqual([expect.stringContaining('Another Conveyor server is using the data folder')])
    expect(() => lockDataFolder(folder).release()).not.toThrow()
  })

  it('says what is wrong with the address, the database to reach or the folder', async () => {
    const wrong = await migrate('--to', 'mysql://localhost/conveyor', '--data', dataDir)
    expect(wrong.code).toBe(2)
    expect(wrong.err).toContain('--to needs the URL of a PostgreSQL database')
    const unreachable = await migrate(
      '--to',
      'postgres://someone:hunter22@127.0.0.1:1/conveyor',
      '--data',
      dataDir,
    )
    expect(unreachable.code).toBe(1)
    expect(unreachable.err).toContain(
      'Cannot connect to PostgreSQL at postgres://someone:***@127.0.0.1:1/conveyor',
    )
    expect(unreachable.err).not.toContain('hunter22')
    const older = copyOfFolder()
    const db = new Database(join(older, 'conveyor.db'))
    const lastVersion = db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number
    db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(lastVersion)
    db.close()
    const stale = await migrate('--to', await freshPostgresDatabase(), '--data', older)
    expect(stale.code).toBe(1)
    expect(stale.err).toContain(`was last opened by an older Conveyor (migration ${lastVersion} not applied)`)
    const noFolder = await migrate(
      '--to',
      await freshPostgresDatabase(),
      '--data',
      join(dataDir, 'nothing-here'),
    )
    expect(noFolder.code).toBe(1)
    expect(noFolder.err).toContain('There is no Conveyor database in')
  })
})
