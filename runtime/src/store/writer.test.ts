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

const count = (db: Db, table: string) =>
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
    writer.run(() => db.prepare('INSERT INTO no_such_table VALUES (1)').run())
    await expect(writer.committed()).rejects.toThrow(/no such table/)
    expect(failures).toHaveLength(1)
    expect(count(db, 'audit')).toBe(0)
    writer.audit({ at: 2, actor: 'system', action: 'next', workflowId: null, instanceId: null, nodeId: null })
    await expect(writer.committed()).rejects.toThrow(/no such table/)
    expect(count(db, 'audit')).toBe(0)
    expect(failures).toHaveLength(1)
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
