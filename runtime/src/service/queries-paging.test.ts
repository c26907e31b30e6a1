import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEngines, openTestDatabase } from '../store/sql/test-support/test-databases'
import type { SqlDatabase } from '../store/sql'
import { InvalidError } from './errors'
import { Queries } from './queries'

describe.each(testEngines)('paged instance lists on %s', (engine) => {
  let db: SqlDatabase
  let dispose: () => Promise<void>
  let queries: Queries

  const addInstance = (id: string, startedAt: number, workflowId = 'wf') =>
    db.run(
      `INSERT INTO instances (id, workflow_id, deployment_id, version, trigger_id, status, active_nodes, snapshot,
         visits, started_at, updated_at) VALUES (?, ?, 'd1', 1, 'start', 'running', '[]', '{}', '{}', ?, ?)`,
      [id, workflowId, startedAt, startedAt],
    )

  beforeAll(async () => {
    ;({ db, dispose } = await openTestDatabase(engine))
    queries = new Queries(db)
    // Equal start times, as a burst of starts within one millisecond gives.
    const starts: Array<[string, number]> = [
      ['i-a', 1_000],
      ['i-b', 1_000],
      ['i-c', 1_000],
      ['i-d', 2_000],
      ['i-e', 2_000],
      ['i-f', 3_000],
      ['i-g', 3_000],
      ['i-h', 3_000],
    ]
    for (const [id, at] of starts) await addInstance(id, at)
    await addInstance('other', 2_500, 'another-workflow')
  })
  afterAll(() => dispose?.())

  it('lists newest first in pages that neither repeat nor lose a row while rows are added between them', async () => {
    const first = await queries.listInstances({ workflowId: 'wf', limit: 3 })
    expect(first.items.map((i) => i.id)).toEqual(['i-h', 'i-g', 'i-f'])
    expect(first.nextCursor).toBeDefined()

    // Started meanwhile: one later than every row listed, and two at the same time as the last one
    // listed, one ordered before it (a first page asked for now would show it) and one after it.
    await addInstance('i-new', 4_000)
    await addInstance('i-ff', 3_000)
    await addInstance('i-eq', 3_000)

    const second = await queries.listInstances({ workflowId: 'wf', limit: 3, cursor: first.nextCursor })
    const third = await queries.listInstances({ workflowId: 'wf', limit: 3, cursor: second.nextCursor })
    expect(second.items.map((i) => i.id)).toEqual(['i-eq', 'i-e', 'i-d'])
    expect(third.items.map((i) => i.id)).toEqual(['i-c', 'i-b', 'i-a'])
    expect(third.nextCursor).toBeUndefined()

    const seen = [...first.items, ...second.items, ...third.items].map((i) => i.id)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual(expect.arrayContaining(['i-a', 'i-b', 'i-c', 'i-d', 'i-e', 'i-f', 'i-g', 'i-h']))
    expect(seen).not.toContain('other')
    expect(seen).not.toContain('i-new')
  })

  it('gives the same pages again for the same cursors', async () => {
    const first = await queries.listInstances({ workflowId: 'wf', limit: 4 })
    const again = await queries.listInstances({ workflowId: 'wf', limit: 4, cursor: first.nextCursor })
    const repeated = await queries.listInstances({ workflowId: 'wf', limit: 4, cursor: first.nextCursor })
    expect(repeated).toEqual(again)
  })

  it('refuses a cursor no page gave, naming the cursor', async () => {
    for (const cursor of ['12', 'not a cursor', Buffer.from('[1,2]').toString('base64url')]) {
      const attempt = queries.listInstances({ cursor })
      await expect(attempt).rejects.toBeInstanceOf(InvalidError)
      await expect(attempt).rejects.toMatchObject({ errors: [{ path: 'cursor' }] })
    }
  })
})

describe.each(testEngines)('paged task and audit lists on %s', (engine) => {
  let db: SqlDatabase
  let dispose: () => Promise<void>
  let queries: Queries

  const addTask = (id: string, createdAt: number, lane: string | null) =>
    db.run(
      `INSERT INTO tasks (id, instance_id, workflow_id, deployment_id, node_id, visit, lane, status, spec, created_at)
         VALUES (?, 'i1', 'wf', 'd1', 'review', 1, ?, 'open', ?, ?)`,
      [id, lane, JSON.stringify({ kind: 'review', label: 'Review' }), createdAt],
    )

  beforeAll(async () => {
    ;({ db, dispose } = await openTestDatabase(engine))
    queries = new Queries(db)
    for (const [id, lane] of [
      ['t1', 'credit'],
      ['t2', null],
      ['t3', 'credit'],
      ['t4', 'claims'],
      ['t5', null],
    ] as const)
      await addTask(id, 1_000, lane)
    await db.run(
      "INSERT INTO lane_members (lane, member, added_at, added_by) VALUES ('credit', 'lena', 1, 'admin')",
    )
    for (let seq = 1; seq <= 5; seq++) {
      await db.run(
        "INSERT INTO audit (seq, at, actor, action, prev_hash, hash) VALUES (?, ?, 'admin', 'token.created', ?, ?)",
        [seq, seq * 1_000, `h${seq - 1}`, `h${seq}`],
      )
    }
  })
  afterAll(() => dispose?.())

  it('pages the work open to a person, leaving out lanes whose members they are not', async () => {
    const visibleTo = { name: 'omar', actor: 'omar' }
    const first = await queries.listTasks({ visibleTo, limit: 2 })
    const second = await queries.listTasks({ visibleTo, limit: 2, cursor: first.nextCursor })
    expect([...first.items, ...second.items].map((t) => t.id)).toEqual(['t5', 't4', 't2'])
    expect(second.nextCursor).toBeUndefined()

    const lena = await queries.listTasks({ visibleTo: { name: 'lena', actor: 'lena' }, limit: 10 })
    expect(lena.items.map((t) => t.id)).toEqual(['t5', 't4', 't3', 't2', 't1'])
  })

  it('pages the audit by its sequence, with the cursor a sequence number as before', async () => {
    const first = await queries.listAudit({ limit: 2 })
    expect(first.items.map((e) => e.seq)).toEqual([5, 4])
    expect(first.nextCursor).toBe('4')
    const rest = await queries.listAudit({ limit: 10, cursor: first.nextCursor })
    expect(rest.items.map((e) => e.seq)).toEqual([3, 2, 1])
  })
})
