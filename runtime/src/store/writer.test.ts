import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StoredAuditRow } from './audit-chain'
import { AuditChainCheck } from './audit-verify'
import type { SqlDatabase } from './sql'
import { freshStore, testEngines } from './sql/test-support/test-databases'
import { instanceLog } from './test-support/instance-log'
import { Writer, type AuditWrite } from './writer'

let store: Awaited<ReturnType<typeof freshStore>> | undefined
afterEach(async () => {
  await store?.close()
  store = undefined
})

const count = async (db: SqlDatabase, table: string): Promise<number> =>
  (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n

/** The database, counting the transactions run on it. */
function counted(db: SqlDatabase): { db: SqlDatabase; transactions: () => number } {
  let transactions = 0
  return {
    db: {
      ...db,
      transaction: (work) => {
        transactions++
        return db.transaction(work)
      },
    },
    transactions: () => transactions,
  }
}

const audit = (action: string, at = 1): AuditWrite => ({
  at,
  actor: 'system',
  action,
  workflowId: null,
  instanceId: null,
  nodeId: null,
})

const addLaneMember = (member: string, at: number, by: string) =>
  [
    'INSERT INTO lane_members (lane, member, added_at, added_by) VALUES (?, ?, ?, ?)',
    ['ops', member, at, by],
  ] as const

describe.each(testEngines)('the writer on %s', (engine) => {
  let db: SqlDatabase
  beforeEach(async () => {
    store = await freshStore(engine)
    db = await store.open()
  })

  it('writes everything of one turn in one transaction, in the order written, and acknowledges after it commits', async () => {
    const { db: countedDb, transactions } = counted(db)
    const writer = new Writer(countedDb)
    const order: string[] = []
    // More rows than one statement takes: the batch writes them in several multi-row statements.
    const first = instanceLog('i0')
    for (let i = 0; i < 1_300; i++) {
      writer.instance(i === 0 ? first : instanceLog(`i${i}`))
      writer.event({ at: i, instanceId: `i${i}`, workflowId: 'w', deploymentId: 'w@1', type: 'START' })
    }
    first.status = 'completed'
    writer.instance(first)
    for (let i = 0; i < 3; i++) writer.audit(audit(`a${i}`, i))
    writer.afterCommit(() => order.push('after-commit'))
    const committed = writer.committed().then(() => order.push('acknowledged'))
    expect(await count(db, 'events')).toBe(0)
    await committed
    expect(transactions()).toBe(1)
    expect(order).toEqual(['after-commit', 'acknowledged'])
    expect(await count(db, 'instances')).toBe(1_300)
    expect(await db.get('SELECT status FROM instances WHERE id = ?', ['i0'])).toEqual({ status: 'completed' })
    const events = await db.all<{ at: number }>('SELECT at FROM events ORDER BY seq')
    expect(events.map((e) => e.at)).toEqual(Array.from({ length: 1_300 }, (_, i) => i))
    const actions = await db.all<{ seq: number; action: string }>(
      'SELECT seq, action FROM audit ORDER BY seq',
    )
    expect(actions).toEqual([
      { seq: 1, action: 'a0' },
      { seq: 2, action: 'a1' },
      { seq: 3, action: 'a2' },
    ])
  })

  it('fills the next batch while one is in flight and commits it after that one', async () => {
    const { db: countedDb, transactions } = counted(db)
    const writer = new Writer(countedDb)
    const order: string[] = []
    writer.audit(audit('first'))
    writer.afterCommit(() => order.push('first committed'))
    const first = writer.flush().then(() => order.push('first acknowledged'))
    // The first batch is in flight: these go into the next one.
    writer.audit(audit('second'))
    writer.write(...addLaneMember('bob', 1, 'ann'))
    writer.afterCommit(() => order.push('second committed'))
    const second = writer.committed().then(() => order.push('second acknowledged'))
    await Promise.all([first, second])
    expect(order).toEqual([
      'first committed',
      'first acknowledged',
      'second committed',
      'second acknowledged',
    ])
    expect(transactions()).toBe(2)
    expect(await db.all('SELECT seq, action FROM audit ORDER BY seq')).toEqual([
      { seq: 1, action: 'first' },
      { seq: 2, action: 'second' },
    ])
  })

  it('acknowledges at once when nothing was written, and commits what is written next', async () => {
    const { db: countedDb, transactions } = counted(db)
    const writer = new Writer(countedDb)
    await writer.committed()
    await writer.flush()
    expect(transactions()).toBe(0)
    writer.audit(audit('next'))
    await writer.committed()
    expect(await count(db, 'audit')).toBe(1)
  })

  it('does not write outbox work that was recorded and finished in the same batch', async () => {
    const writer = new Writer(db)
    writer.outboxPending('i:a:1', 'i', 'a', 1, 1)
    writer.outboxStatus('i:a:1', 'done', 1, null, 2)
    writer.outboxPending('i:b:1', 'i', 'b', 1, 1)
    await writer.committed()
    expect(await db.all('SELECT id, status FROM outbox')).toEqual([{ id: 'i:b:1', status: 'pending' }])
    writer.outboxStatus('i:b:1', 'failed', 3, 'refused', 3)
    await writer.committed()
    expect(await db.all('SELECT id, status, attempts, last_error FROM outbox')).toEqual([
      { id: 'i:b:1', status: 'failed', attempts: 3, last_error: 'refused' },
    ])
  })

  it('runs written statements in order, after the events and before the audit rows, in the batch transaction', async () => {
    const outside = await store!.open()
    const writer = new Writer(db)
    const seenInside: unknown[] = []
    writer.inTransaction = async (tx, events) => {
      const inside = (await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM lane_members'))!.n
      const audited = (await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit'))!.n
      seenInside.push(events.length, inside, audited, await count(outside, 'lane_members'))
    }
    writer.audit({ ...audit('lane.member-added'), actor: 'ann' })
    writer.write(...addLaneMember('bob', 1, 'first'))
    writer.write('UPDATE lane_members SET added_by = ? WHERE lane = ? AND member = ?', [
      'second',
      'ops',
      'bob',
    ])
    // Reads what the batch has written before this statement: its event, none of its audit rows.
    writer.write(
      `INSERT INTO lane_members (lane, member, added_at, added_by)
        SELECT 'ops', 'events ' || (SELECT COUNT(*) FROM events) || ', audit ' || (SELECT COUNT(*) FROM audit), ?, ?`,
      [2, 'third'],
    )
    writer.event({ at: 1, instanceId: 'i', workflowId: 'w', deploymentId: 'w@1', type: 'START' })
    await writer.committed()
    expect(await db.all('SELECT member, added_by FROM lane_members ORDER BY added_at')).toEqual([
      { member: 'bob', added_by: 'second' },
      { member: 'events 1, audit 0', added_by: 'third' },
    ])
    expect(await count(db, 'audit')).toBe(1)
    // Inside the transaction its statements were written, its audit rows not yet; another connection saw none.
    expect(seenInside).toEqual([1, 2, 0, 0])
    expect(await count(outside, 'lane_members')).toBe(2)
  })

  it('rolls back a batch whose statement fails, rejects its callers and the batch filled meanwhile, and commits nothing after (fail-stop)', async () => {
    const writer = new Writer(db)
    const failures: unknown[] = []
    writer.onFailure = (error) => failures.push(error)
    writer.event({ at: 1, instanceId: 'i', workflowId: 'w', deploymentId: 'w@1', type: 'START' })
    writer.instance(instanceLog('i'))
    writer.outboxPending('i:a:1', 'i', 'a', 1, 1)
    writer.write(...addLaneMember('bob', 1, 'ann'))
    // The same key again: the second insert breaks the primary key, after the first was written.
    writer.write(...addLaneMember('bob', 2, 'ann'))
    writer.audit(audit('lane.member-added'))
    const failed = writer.flush()
    writer.audit(audit('filled meanwhile'))
    const meanwhile = writer.committed()
    const duplicate = /UNIQUE constraint failed: lane_members|duplicate key value violates unique constraint/
    await expect(failed).rejects.toThrow(duplicate)
    await expect(meanwhile).rejects.toThrow(duplicate)
    expect(failures).toHaveLength(1)
    writer.audit(audit('after'))
    await expect(writer.committed()).rejects.toThrow(duplicate)
    expect(failures).toHaveLength(1)
    for (const table of ['instances', 'events', 'outbox', 'lane_members', 'audit']) {
      expect(await count(db, table), table).toBe(0)
    }
  })

  it('runs every after-commit callback even when one throws, and reports the one that threw', async () => {
    const writer = new Writer(db)
    const errors: unknown[] = []
    writer.onCallbackError = (error) => errors.push(error)
    const ran: string[] = []
    writer.afterCommit(() => ran.push('first'))
    writer.afterCommit(() => {
      throw new Error('listener broke')
    })
    writer.afterCommit(() => ran.push('third'))
    await writer.committed()
    expect(ran).toEqual(['first', 'third'])
    expect(errors).toEqual([new Error('listener broke')])
  })

  it('commits what is written when closed, then refuses writes', async () => {
    const writer = new Writer(db)
    writer.audit(audit('last'))
    await writer.close()
    expect(await count(db, 'audit')).toBe(1)
    expect(() => writer.audit(audit('too late'))).toThrow('the store is closed')
  })

  it('appends one audit chain from two writers (two processes) writing at once: seq 1..2,000, no gap, verified', async () => {
    const writers = [new Writer(db), new Writer(await store!.open())]
    const acknowledged: Array<Promise<void>> = []
    for (let round = 0; round < 100; round++) {
      for (const [w, writer] of writers.entries()) {
        for (let i = 0; i < 10; i++) writer.audit(audit(`w${w}-${round * 10 + i}`, round))
        acknowledged.push(writer.committed())
      }
      // A turn of the event loop, so that the next rows go into new batches while these commit.
      await new Promise((resolve) => setImmediate(resolve))
    }
    await Promise.all(acknowledged)
    const rows = await db.all<StoredAuditRow>('SELECT * FROM audit ORDER BY seq')
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 2_000 }, (_, i) => i + 1))
    const check = new AuditChainCheck()
    for (const row of rows) check.add(row)
    expect(check.result()).toMatchObject({ ok: true, checked: 2_000 })
    for (const w of [0, 1]) {
      const own = rows.filter((row) => row.action.startsWith(`w${w}-`)).map((row) => row.action)
      expect(own).toEqual(Array.from({ length: 1_000 }, (_, i) => `w${w}-${i}`))
    }
  })
})
