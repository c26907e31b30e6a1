import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrations } from '../schema'
import { postgresMigrationSql } from '../postgres/postgres-schema'
import { freshPostgresDatabase } from '../postgres/testing/fresh-database'
import { openSqlDatabase, type SqlDatabase, type SqlTarget } from '.'

/** Each backend as the runtime opens it: a data folder, or a fresh PostgreSQL database. */
const backends: Array<{ engine: SqlDatabase['engine']; target: () => Promise<SqlTarget> }> = [
  { engine: 'sqlite', target: async () => ({ dataDir: mkdtempSync(join(tmpdir(), 'sql-database-')) }) },
  { engine: 'postgres', target: async () => ({ url: await freshPostgresDatabase() }) },
]

describe.each(backends)('the store on $engine', ({ engine, target }) => {
  let where: SqlTarget
  let db: SqlDatabase

  beforeAll(async () => {
    where = await target()
    db = await openSqlDatabase(where)
    // A scratch table beside the schema's, declared as a SQLite migration declares its tables.
    const scratch = 'CREATE TABLE scratch (k TEXT PRIMARY KEY, n INTEGER NOT NULL, note TEXT, bytes BLOB)'
    await db.run(engine === 'postgres' ? postgresMigrationSql(scratch) : scratch)
  })

  afterAll(async () => {
    await db?.close()
    if (where && 'dataDir' in where) rmSync(where.dataDir, { recursive: true, force: true })
  })

  it('says which engine it is, with every migration applied', async () => {
    expect(db.engine).toBe(engine)
    const applied = await db.all<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    )
    expect(applied.map((row) => row.version)).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b))
  })

  it('binds ? placeholders in order, leaving a ? inside a string literal alone', async () => {
    await db.run('INSERT INTO scratch (k, n, note) VALUES (?, ?, ?)', ['q', 1, 'why?'])
    const row = await db.get<{ k: string; note: string; asked: string }>(
      "SELECT k, note, 'really?' AS asked FROM scratch WHERE k = ? AND note = 'why?'",
      ['q'],
    )
    expect(row).toEqual({ k: 'q', note: 'why?', asked: 'really?' })
    expect(await db.get('SELECT k FROM scratch WHERE k = ?', ['missing'])).toBeUndefined()
  })

  it('upserts with ON CONFLICT … DO UPDATE and DO NOTHING, counting the rows changed', async () => {
    const upsert = `INSERT INTO scratch (k, n, note) VALUES (?, ?, ?)
      ON CONFLICT (k) DO UPDATE SET n = scratch.n + excluded.n, note = excluded.note`
    expect(await db.run(upsert, ['u', 1, 'first'])).toEqual({ changes: 1 })
    expect(await db.run(upsert, ['u', 2, 'second'])).toEqual({ changes: 1 })
    expect(
      await db.run('INSERT INTO scratch (k, n) VALUES (?, ?) ON CONFLICT (k) DO NOTHING', ['u', 100]),
    ).toEqual({ changes: 0 })
    expect(await db.get('SELECT n, note FROM scratch WHERE k = ?', ['u'])).toEqual({ n: 3, note: 'second' })
  })

  it('commits a transaction whose work resolves, and rolls back one whose work rejects', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.run('INSERT INTO scratch (k, n) VALUES (?, ?)', ['kept', 1])
      return (await tx.get<{ n: number }>('SELECT n FROM scratch WHERE k = ?', ['kept']))!.n
    })
    expect(result).toBe(1)
    await expect(
      db.transaction(async (tx) => {
        await tx.run('INSERT INTO scratch (k, n) VALUES (?, ?)', ['dropped', 1])
        await tx.run('UPDATE scratch SET n = 99 WHERE k = ?', ['kept'])
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect(
      await db.all('SELECT k, n FROM scratch WHERE k IN (?, ?) ORDER BY k', ['dropped', 'kept']),
    ).toEqual([{ k: 'kept', n: 1 }])
  })

  it('refuses a transaction executor used after its transaction ended', async () => {
    let leaked: Parameters<Parameters<SqlDatabase['transaction']>[0]>[0] | undefined
    await db.transaction(async (tx) => {
      leaked = tx
    })
    await expect(leaked!.get('SELECT 1 AS one')).rejects.toThrow(/transaction has ended/)
  })

  it('names the SQL problem and the statement in its errors', async () => {
    const missing = db.all('SELECT * FROM no_such_table WHERE k = ?', ['x'])
    await expect(missing).rejects.toThrow(/no_such_table/)
    await expect(missing).rejects.toThrow(/in SQL: SELECT \* FROM no_such_table WHERE k = \?/)
    await db.run('INSERT INTO scratch (k, n) VALUES (?, ?)', ['twice', 1])
    await expect(db.run('INSERT INTO scratch (k, n) VALUES (?, ?)', ['twice', 2])).rejects.toThrow(
      /unique|UNIQUE/,
    )
    await expect(db.run('INSERT INTO scratch (k) VALUES (?)', ['no n'])).rejects.toThrow(/n/)
  })

  it('never interleaves concurrent transactions', async () => {
    await db.run('INSERT INTO scratch (k, n) VALUES (?, ?)', ['counter', 0])
    // Each reads the counter, yields to the event loop, then writes it back plus one: interleaved,
    // they would overwrite each other's increments.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const { n } = (await tx.get<{ n: number }>('SELECT n FROM scratch WHERE k = ?', ['counter']))!
          await new Promise((resolve) => setImmediate(resolve))
          await tx.run('UPDATE scratch SET n = ? WHERE k = ?', [n + 1, 'counter'])
        }),
      ),
    )
    expect(await db.get('SELECT n FROM scratch WHERE k = ?', ['counter'])).toEqual({ n: 20 })
  })

  it('keeps statements outside a transaction from seeing its uncommitted writes', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let inserted!: () => void
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve))
    const abandoned = db.transaction(async (tx) => {
      await tx.run('INSERT INTO scratch (k, n) VALUES (?, ?)', ['uncommitted', 1])
      inserted()
      await gate
      throw new Error('abandoned')
    })
    await insertedYet
    const seen = db.get<{ c: number }>('SELECT count(*) AS c FROM scratch WHERE k = ?', ['uncommitted'])
    release()
    await expect(abandoned).rejects.toThrow('abandoned')
    expect(await seen).toEqual({ c: 0 })
  })

  it('round-trips integers up to 2^53 - 1 as numbers, and refuses larger ones rather than rounding', async () => {
    const largest = Number.MAX_SAFE_INTEGER
    await db.run('INSERT INTO scratch (k, n) VALUES (?, ?)', ['large', largest])
    await db.run('INSERT INTO scratch (k, n) VALUES (?, ?)', ['epoch', Date.UTC(2300, 0, 1)])
    expect(await db.all('SELECT k, n FROM scratch WHERE k IN (?, ?) ORDER BY k', ['epoch', 'large'])).toEqual(
      [
        { k: 'epoch', n: Date.UTC(2300, 0, 1) },
        { k: 'large', n: largest },
      ],
    )
    expect(await db.get('SELECT count(*) AS c, sum(n) AS s FROM scratch WHERE k = ?', ['epoch'])).toEqual({
      c: 1,
      s: Date.UTC(2300, 0, 1),
    })
    await db.run("INSERT INTO scratch (k, n) VALUES ('huge', 9007199254740993)")
    await expect(db.get('SELECT n FROM scratch WHERE k = ?', ['huge'])).rejects.toThrow(
      /9007199254740993, beyond the integers a JS number holds exactly/,
    )
  })

  it('round-trips bytes as Uint8Array', async () => {
    const bytes = new Uint8Array([0, 1, 2, 254, 255, 0])
    await db.run('INSERT INTO scratch (k, n, bytes) VALUES (?, ?, ?)', ['bytes', 0, bytes])
    const row = await db.get<{ bytes: Uint8Array }>('SELECT bytes FROM scratch WHERE k = ?', ['bytes'])
    expect(row!.bytes).toBeInstanceOf(Uint8Array)
    expect([...row!.bytes]).toEqual([...bytes])
  })
})

describe('the store on PostgreSQL, opened by replicas starting together', () => {
  it('applies each migration once when two open one database at the same time', async () => {
    const url = await freshPostgresDatabase()
    const [first, second] = await Promise.all([openSqlDatabase({ url }), openSqlDatabase({ url })])
    try {
      const recorded = await first.all<{ version: number; times: number }>(
        'SELECT version, count(*) AS times FROM schema_migrations GROUP BY version ORDER BY version',
      )
      expect(recorded).toEqual(
        migrations.map((m) => ({ version: m.version, times: 1 })).sort((a, b) => a.version - b.version),
      )
      expect(await second.get('SELECT count(*) AS n FROM events')).toEqual({ n: 0 })
    } finally {
      await Promise.all([first.close(), second.close()])
    }
  })
})
