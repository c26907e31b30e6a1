import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDataDir } from '../service/test-support/service-harness'
import { openDatabase, type Db } from './database'
import { Writer } from './writer'

let db: Db | undefined
let dir: string | undefined
afterEach(() => {
  db?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  db = undefined
})

function open() {
  dir = tempDataDir()
  db = openDatabase(dir)
  return { db, writer: new Writer(db) }
}

const count = (db: Db, table: string): number =>
  (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n

describe('group commit', () => {
  it('writes everything of one turn in one transaction and acknowledges after it commits', async () => {
    const { db, writer } = open()
    const order: string[] = []
    for (let i = 0; i < 3; i++) {
      writer.audit({
        at: i,
        actor: 'system',
        action: `a${i}`,
        workflowId: null,
        instanceId: null,
        nodeId: null,
      })
    }
    writer.afterCommit(() => order.push(`after-commit sees ${count(db, 'audit')} rows`))
    const committed = writer.committed().then(() => order.push('acknowledged'))
    expect(count(db, 'audit')).toBe(0)
    await committed
    expect(count(db, 'audit')).toBe(3)
    expect(order).toEqual(['after-commit sees 3 rows', 'acknowledged'])
  })

  it('does not write outbox work that was recorded and finished in the same batch', async () => {
    const { db, writer } = open()
    writer.outboxPending('i:a:1', 'i', 'a', 1, 1)
    writer.outboxStatus('i:a:1', 'done', 1, null, 2)
    writer.outboxPending('i:b:1', 'i', 'b', 1, 1)
    await writer.committed()
    expect(db.prepare('SELECT id, status FROM outbox').all()).toEqual([{ id: 'i:b:1', status: 'pending' }])
    writer.outboxStatus('i:b:1', 'done', 1, null, 3)
    await writer.committed()
    expect(db.prepare('SELECT id, status FROM outbox').all()).toEqual([{ id: 'i:b:1', status: 'done' }])
  })

  it('rejects the whole batch, reports it, and commits nothing after it (fail-stop)', async () => {
    const { db, writer } = open()
    const failures: unknown[] = []
    writer.onFailure = (error) => failures.push(error)
    writer.audit({
      at: 1,
      actor: 'system',
      action: 'kept-out',
      workflowId: null,
      instanceId: null,
      nodeId: null,
    })
    writer.write('INSERT INTO no_such_table VALUES (1)')
    await expect(writer.committed()).rejects.toThrow(/no such table/)
    expect(failures).toHaveLength(1)
    expect(count(db, 'audit')).toBe(0)
    writer.audit({ at: 2, actor: 'system', action: 'next', workflowId: null, instanceId: null, nodeId: null })
    await expect(writer.committed()).rejects.toThrow(/no such table/)
    expect(count(db, 'audit')).toBe(0)
    expect(failures).toHaveLength(1)
  })

  it('runs written statements in order, after the events and before the audit rows, in the batch transaction', async () => {
    const { db, writer } = open()
    const outside = openDatabase(dir)
    try {
      const seenInside: unknown[] = []
      writer.inTransaction = () => {
        seenInside.push(count(db, 'lane_members'), count(outside, 'lane_members'), count(outside, 'events'))
      }
      writer.audit({
        at: 1,
        actor: 'ann',
        action: 'lane.member-added',
        workflowId: null,
        instanceId: null,
        nodeId: null,
      })
      writer.write('INSERT INTO lane_members (lane, member, added_at, added_by) VALUES (?, ?, ?, ?)', [
        'ops',
        'bob',
        1,
        'first',
      ])
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
      expect(db.prepare('SELECT member, added_by FROM lane_members ORDER BY added_at').all()).toEqual([
        { member: 'bob', added_by: 'second' },
        { member: 'events 1, audit 0', added_by: 'third' },
      ])
      expect(count(db, 'audit')).toBe(1)
      // Inside the transaction its statements were written; another connection saw none of them yet.
      expect(seenInside).toEqual([2, 0, 0])
      expect(count(outside, 'lane_members')).toBe(2)
    } finally {
      outside.close()
    }
  })

  it('rolls back every statement of a batch when one of them fails', async () => {
    const { db, writer } = open()
    writer.onFailure = () => undefined
    writer.event({ at: 1, instanceId: 'i', workflowId: 'w', deploymentId: 'w@1', type: 'START' })
    writer.outboxPending('i:a:1', 'i', 'a', 1, 1)
    writer.write('INSERT INTO lane_members (lane, member, added_at, added_by) VALUES (?, ?, ?, ?)', [
      'ops',
      'bob',
      1,
      'ann',
    ])
    // The same key again: the second insert breaks the primary key, after the first was written.
    writer.write('INSERT INTO lane_members (lane, member, added_at, added_by) VALUES (?, ?, ?, ?)', [
      'ops',
      'bob',
      2,
      'ann',
    ])
    writer.audit({
      at: 1,
      actor: 'ann',
      action: 'lane.member-added',
      workflowId: null,
      instanceId: null,
      nodeId: null,
    })
    await expect(writer.committed()).rejects.toThrow(/UNIQUE constraint failed: lane_members/)
    for (const table of ['events', 'outbox', 'lane_members', 'audit']) expect(count(db, table), table).toBe(0)
  })

  it('runs every after-commit callback even when one throws, and reports the one that threw', async () => {
    const { writer } = open()
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
})
