import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDatabase } from '../sql'
import type { SqlWrite } from '../writer'
import { deleteSecret, SecretRows, storeSecret } from './secret-rows'
import { testEngines, openTestDatabase } from '../sql/test-support/test-databases'

describe.each(testEngines)('secret rows on %s', (engine) => {
  let db: SqlDatabase
  let dispose: () => Promise<void>
  let rows: SecretRows
  const run = (write: SqlWrite) => db.run(write.sql, write.params)

  beforeAll(async () => {
    ;({ db, dispose } = await openTestDatabase(engine))
    rows = new SecretRows(db)
  })
  afterAll(() => dispose?.())

  it('stores, replaces and deletes by name, reading a call’s names at once', async () => {
    expect(await rows.any()).toBeUndefined()
    await run(storeSecret('PAY_KEY', 'sealed-1', 1_000, 'ops'))
    await run(storeSecret('MAIL_KEY', 'sealed-2', 2_000, 'ops'))
    // Replacing keeps when it was created and says who changed it last.
    await run(storeSecret('PAY_KEY', 'sealed-3', 3_000, 'admin'))

    expect(await rows.names()).toEqual(['MAIL_KEY', 'PAY_KEY'])
    expect(await rows.byName('PAY_KEY')).toEqual({
      name: 'PAY_KEY',
      value: 'sealed-3',
      created_at: 1_000,
      updated_at: 3_000,
      updated_by: 'admin',
    })
    const some = await rows.byNames(['PAY_KEY', 'MISSING'])
    expect(some.map((row) => row.name)).toEqual(['PAY_KEY'])
    expect(await rows.byNames([])).toEqual([])

    await run(deleteSecret('PAY_KEY'))
    expect(await rows.byName('PAY_KEY')).toBeUndefined()
    expect((await rows.all()).map((row) => row.name)).toEqual(['MAIL_KEY'])
  })
})
