import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { partitionOf } from '../cluster/partitions'
import { FencedError, type BatchFence } from './batch-fence'
import type { SqlDatabase } from './sql'
import { freshStore, testEngines } from './sql/test-support/test-databases'
import { instanceLog } from './test-support/instance-log'
import { Writer, type EventWrite } from './writer'

let store: Awaited<ReturnType<typeof freshStore>> | undefined
afterEach(async () => {
  await store?.close()
  store = undefined
})

const count = async (db: SqlDatabase, table: string): Promise<number> =>
  (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n

const event = (instanceId: string, type: EventWrite['type'] = 'STEP_DONE'): EventWrite => ({
  at: 1,
  instanceId,
  workflowId: 'w',
  deploymentId: 'w@1',
  type,
})

const numbers = (db: SqlDatabase, instanceId: string) =>
  db.all<{ instance_seq: number | null }>(
    'SELECT instance_seq FROM events WHERE instance_id = ? ORDER BY seq',
    [instanceId],
  )

const storedCount = async (db: SqlDatabase, instanceId: string) =>
  (await db.get<{ event_seq: number }>('SELECT event_seq FROM instances WHERE id = ?', [instanceId]))
    ?.event_seq

/** The batch's own rows stored: its events, audit rows and lane members. */
const batchRows = async (db: SqlDatabase) => ({
  events: await count(db, 'events'),
  audit: await count(db, 'audit'),
  members: await count(db, 'lane_members'),
})

/** Writes what a refused batch must not leave behind (an event, an audit row, a statement) and closes the batch. */
function writeBatchOf(writer: Writer, instanceId: string): Promise<void> {
  writer.event(event(instanceId))
  writer.auditAdministration(1, 'ann', 'lane.member-added', {})
  writer.write('INSERT INTO lane_members (lane, member, added_at, added_by) VALUES (?, ?, ?, ?)', [
    'ops',
    instanceId,
    1,
    'ann',
  ])
  return writer.flush()
}

describe.each(testEngines)('the writer numbering events and checking instance rows on %s', (engine) => {
  let db: SqlDatabase
  beforeEach(async () => {
    store = await freshStore(engine)
    db = await store.open()
  })

  it("numbers each instance's events 1..n across batches and stores the count in its row", async () => {
    const writer = new Writer(db)
    const a = instanceLog('a')
    const b = instanceLog('b')
    writer.liveInstance = (id) => ({ a, b })[id]
    writer.instance(a)
    writer.event(event('a', 'START'))
    writer.event(event('a'))
    await writer.flush()
    // Events alone: the writer brings the instances' rows (the live ones) into the batch.
    writer.event(event('a'))
    writer.event(event('b', 'START'))
    writer.event(event('a'))
    const filling = writer.flush()
    writer.event(event('b'))
    await Promise.all([filling, writer.committed()])
    expect((await numbers(db, 'a')).map((row) => row.instance_seq)).toEqual([1, 2, 3, 4])
    expect((await numbers(db, 'b')).map((row) => row.instance_seq)).toEqual([1, 2])
    expect([await storedCount(db, 'a'), await storedCount(db, 'b')]).toEqual([4, 2])
    expect([a.eventSeq, b.eventSeq]).toEqual([4, 2])
  })

  it('numbers the events of an instance held nowhere after its stored count', async () => {
    const writer = new Writer(db)
    writer.instance(instanceLog('a'))
    writer.event(event('a', 'START'))
    await writer.committed()
    writer.event(event('a'))
    writer.event(event('a'))
    writer.event(event('nowhere'))
    await writer.committed()
    expect((await numbers(db, 'a')).map((row) => row.instance_seq)).toEqual([1, 2, 3])
    expect(await storedCount(db, 'a')).toBe(3)
    expect(await numbers(db, 'nowhere')).toEqual([{ instance_seq: null }])
  })

  it('refuses a batch whose instance row moved on since it was loaded: nothing of it stored, its callers rejected, the next batch committed', async () => {
    const writer = new Writer(db)
    const fenced: Array<readonly string[]> = []
    writer.onFenced = (ids) => fenced.push(ids)
    const a = instanceLog('a')
    writer.instance(a)
    writer.event(event('a', 'START'))
    await writer.committed()
    // Another owner appended an event and moved the row on.
    await db.run('UPDATE instances SET event_seq = 2 WHERE id = ?', ['a'])
    const before = await batchRows(db)
    writer.instance(a)
    writer.instance(instanceLog('b'))
    const refused = writeBatchOf(writer, 'a')
    // Filled while the refused batch is in flight: written after it as usual.
    writer.auditAdministration(2, 'ann', 'next batch', {})
    const next = writer.committed()
    await expect(refused).rejects.toThrow(FencedError)
    await expect(refused).rejects.toThrow("1 of the batch's 2 instances changed in the store")
    expect(fenced).toEqual([['a', 'b']])
    expect(await batchRows(db)).toEqual(before)
    expect(await count(db, 'instances')).toBe(1)
    // Not a fail-stop: what is written next commits.
    await next
    expect(await count(db, 'audit')).toBe(before.audit + 1)
    writer.instance(instanceLog('c'))
    writer.event(event('c', 'START'))
    await writer.committed()
    expect(await numbers(db, 'c')).toEqual([{ instance_seq: 1 }])
  })

  it('refuses a new instance whose id another writer has already stored with events', async () => {
    const other = new Writer(await store!.open())
    other.instance(instanceLog('a'))
    other.event(event('a', 'START'))
    await other.committed()
    const writer = new Writer(db)
    writer.instance(instanceLog('a', 'completed'))
    await expect(writeBatchOf(writer, 'a')).rejects.toThrow(FencedError)
    expect(await db.get('SELECT status, event_seq FROM instances')).toEqual({
      status: 'running',
      event_seq: 1,
    })
    expect(await count(db, 'events')).toBe(1)
  })
})

describe('the writer fencing its batches on postgres', () => {
  let db: SqlDatabase
  const epochs = new Map<number, number>()
  const fence: BatchFence = { replicaId: 'r1', epochOf: (part) => epochs.get(part) }
  const part = partitionOf('a')
  beforeEach(async () => {
    store = await freshStore('postgres')
    db = await store.open()
    epochs.clear()
    await db.run('UPDATE partition_leases SET owner = ?, epoch = ? WHERE part = ?', ['r1', 2, part])
  })

  it('refuses a batch of a partition held at an old epoch, rejects its callers, stores nothing of it, and commits the next batch once the epoch is right', async () => {
    const writer = new Writer(db, { fence })
    const fenced: Array<readonly string[]> = []
    writer.onFenced = (ids) => fenced.push(ids)
    epochs.set(part, 1)
    writer.instance(instanceLog('a'))
    const refused = writeBatchOf(writer, 'a')
    await expect(refused).rejects.toThrow(FencedError)
    await expect(refused).rejects.toThrow(`replica r1 no longer owns partition ${part} at the epoch it held`)
    expect(fenced).toEqual([['a']])
    expect(await batchRows(db)).toEqual({ events: 0, audit: 0, members: 0 })
    expect(await count(db, 'instances')).toBe(0)
    epochs.set(part, 2)
    writer.instance(instanceLog('a'))
    await writeBatchOf(writer, 'a')
    expect(await batchRows(db)).toEqual({ events: 1, audit: 1, members: 1 })
    expect(await numbers(db, 'a')).toEqual([{ instance_seq: 1 }])
  })

  it('refuses a batch of a partition another replica holds now, or that this one does not hold', async () => {
    const writer = new Writer(db, { fence })
    epochs.set(part, 2)
    await db.run('UPDATE partition_leases SET owner = ? WHERE part = ?', ['r2', part])
    writer.instance(instanceLog('a'))
    await expect(writeBatchOf(writer, 'a')).rejects.toThrow(FencedError)
    epochs.delete(part)
    await db.run('UPDATE partition_leases SET owner = ? WHERE part = ?', ['r1', part])
    writer.instance(instanceLog('a'))
    await expect(writeBatchOf(writer, 'a')).rejects.toThrow(FencedError)
    expect(await batchRows(db)).toEqual({ events: 0, audit: 0, members: 0 })
  })

  it('commits a batch without instances whatever it holds', async () => {
    const writer = new Writer(db, { fence })
    writer.auditAdministration(1, 'ann', 'token.created', {})
    await writer.committed()
    expect(await count(db, 'audit')).toBe(1)
  })
})

describe('the writer on sqlite', () => {
  it('has no fence to check: one process owns every partition', async () => {
    store = await freshStore('sqlite')
    const db = await store.open()
    const writer = new Writer(db, { fence: { replicaId: 'r1', epochOf: () => undefined } })
    writer.instance(instanceLog('a'))
    await writeBatchOf(writer, 'a')
    expect(await batchRows(db)).toEqual({ events: 1, audit: 1, members: 1 })
  })
})
