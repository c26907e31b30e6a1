import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chainHash, genesisHash, type AuditRow } from './audit-chain'
import { verifyAuditChain } from './audit-verify'
import type { SqlDatabase } from './sql'
import { openTestDatabase, testEngines } from './sql/test-support/test-databases'

/** Appends `count` chained audit rows, as the writer does. */
async function appendChain(db: SqlDatabase, count: number): Promise<void> {
  let prevHash = genesisHash
  await db.transaction(async (tx) => {
    for (let seq = 1; seq <= count; seq++) {
      const row: AuditRow = {
        seq,
        at: 1_700_000_000_000 + seq,
        actor: seq % 3 === 0 ? 'user:ana' : 'system',
        action: 'instance.start',
        workflowId: 'claims',
        instanceId: `i${seq}`,
        nodeId: null,
        detail: JSON.stringify({ n: seq }),
      }
      const hash = chainHash(prevHash, row)
      await tx.run(
        `INSERT INTO audit (seq, at, actor, action, workflow_id, instance_id, node_id, detail, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          seq,
          row.at,
          row.actor,
          row.action,
          row.workflowId,
          row.instanceId,
          null,
          row.detail,
          prevHash,
          hash,
        ],
      )
      prevHash = hash
    }
  })
}

describe.each(testEngines)('verifying the audit chain on %s', (engine) => {
  let db: SqlDatabase
  let dispose: () => Promise<void>

  beforeAll(async () => {
    ;({ db, dispose } = await openTestDatabase(engine))
  })
  afterAll(async () => dispose?.())

  it('passes an empty log', async () => {
    expect(await verifyAuditChain(db, 10)).toEqual({ ok: true, checked: 0, lastHash: genesisHash })
  })

  it('passes a good chain read in several pages, counting every row', async () => {
    await appendChain(db, 25)
    const verified = await verifyAuditChain(db, 10)
    expect(verified).toMatchObject({ ok: true, checked: 25 })
    // The same chain read in one page ends at the same hash.
    expect(await verifyAuditChain(db)).toEqual(verified)
  })

  it('names the seq of a row edited in the database, on a later page', async () => {
    await db.run('UPDATE audit SET actor = ? WHERE seq = ?', ['user:mallory', 17])
    expect(await verifyAuditChain(db, 10)).toEqual({
      ok: false,
      checked: 16,
      brokenAt: 17,
      reason: 'its content does not match its hash (edited)',
    })
  })

  it('names the entry missing when a row is deleted', async () => {
    await db.run('DELETE FROM audit WHERE seq >= ?', [15])
    await db.run('DELETE FROM audit WHERE seq = ?', [4])
    expect(await verifyAuditChain(db, 3)).toMatchObject({ ok: false, checked: 3, brokenAt: 5 })
  })
})
