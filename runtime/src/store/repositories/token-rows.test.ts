import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDatabase } from '../sql'
import type { SqlWrite } from '../writer'
import { testEngines, openTestDatabase } from '../sql/test-support/test-databases'
import { insertToken, revokeToken, TokenRows, touchToken } from './token-rows'

describe.each(testEngines)('token rows on %s', (engine) => {
  let db: SqlDatabase
  let dispose: () => Promise<void>
  let rows: TokenRows
  const run = (write: SqlWrite) => db.run(write.sql, write.params)

  beforeAll(async () => {
    ;({ db, dispose } = await openTestDatabase(engine))
    rows = new TokenRows(db)
  })
  afterAll(() => dispose?.())

  it('finds a token by the hash of its secret until it is revoked, keeping the first revocation time', async () => {
    const base = { role: 'operator', created_by: 'admin' }
    await run(insertToken({ ...base, id: 't1', name: 'ops', secret_hash: 'h1', created_at: 1_000 }))
    await run(insertToken({ ...base, id: 't2', name: 'ci', secret_hash: 'h2', created_at: 2_000 }))

    expect(await rows.bySecretHash('h1')).toMatchObject({ id: 't1', name: 'ops', revoked_at: null })
    expect(await rows.bySecretHash('unknown')).toBeUndefined()

    await run(touchToken('t1', 1_500))
    expect(await rows.byId('t1')).toMatchObject({ last_used_at: 1_500 })

    expect(await run(revokeToken('t1', 3_000))).toEqual({ changes: 1 })
    // A second revocation changes nothing: the token was revoked once, at its first time.
    expect(await run(revokeToken('t1', 4_000))).toEqual({ changes: 0 })
    expect(await rows.bySecretHash('h1')).toMatchObject({ id: 't1', revoked_at: 3_000 })
    expect(await rows.bySecretHash('h2')).toMatchObject({ id: 't2', revoked_at: null })

    expect((await rows.all()).map((row) => row.id)).toEqual(['t2', 't1'])
  })

  it('refuses a second token with a secret already taken', async () => {
    const row = {
      id: 't3',
      name: 'dup',
      role: 'viewer',
      secret_hash: 'h2',
      created_at: 5_000,
      created_by: 'x',
    }
    await expect(run(insertToken(row))).rejects.toThrow(/secret_hash|unique/i)
  })
})
