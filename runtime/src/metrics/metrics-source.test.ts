import { workflowBuilders as b } from '@conveyor/shared'
import type { EventType } from '@conveyor/shared/protocol/event-log'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventWrite } from '../store/batch-rows'
import type { SqlDatabase } from '../store/sql'
import { openTestDatabase, testEngines } from '../store/sql/test-support/test-databases'
import { Writer } from '../store/writer'
import { MetricsSource } from './metrics-source'
import { startedInstance } from './test-support/started-instance'

const day = 86_400_000

/** The claim workflow as deployed with this cost of a person's approval. */
function claims(workflowId: string, approvalCost: number) {
  return b.workflow(
    [
      b.trigger('start'),
      b.step('check', {
        automate: { connector: { kind: 'http', method: 'POST', url: 'https://checks.example' } },
      }),
      b.step('approve', { mode: 'human', facts: { costPerItem: approvalCost } }),
      b.end('done'),
    ],
    b.chain('start', 'check', 'approve', 'done'),
    { id: workflowId, currency: 'CHF' },
  )
}

/** One item's events on a deployment, from `start`, a minute apart; `end` says how it goes on after approval starts. */
function item(
  id: string,
  workflowId: string,
  deploymentId: string,
  start: number,
  end: 'approved' | 'reworked' | 'failed' | 'open',
): EventWrite[] {
  let at = start
  const e = (type: EventType, more: Partial<EventWrite> = {}): EventWrite => ({
    at: (at += 60_000),
    instanceId: id,
    workflowId,
    deploymentId,
    type,
    ...more,
  })
  const events = [
    e('START', { entered: 'start:1' }),
    e('STEP_DONE', { nodeId: 'start', visit: 1, entered: 'check:1' }),
  ]
  if (end === 'failed') {
    events.push(
      e('STEP_FAILED', { nodeId: 'check', visit: 1 }),
      e('finished', { detail: { outcome: 'failed' } }),
    )
    return events
  }
  events.push(e('STEP_DONE', { nodeId: 'check', visit: 1, entered: 'approve:1' }))
  events.push(
    e('task.created', { nodeId: 'approve', visit: 1 }),
    e('task.claimed', { nodeId: 'approve', visit: 1 }),
  )
  if (end === 'open') return events
  let visit = 1
  if (end === 'reworked') {
    events.push(
      e('task.rejected', { nodeId: 'approve', visit }),
      e('STEP_REJECTED', { nodeId: 'approve', visit, entered: 'approve:2' }),
    )
    visit = 2
    events.push(e('task.created', { nodeId: 'approve', visit }))
  }
  events.push(
    e('task.completed', { nodeId: 'approve', visit, detail: { verdict: 'accept', waitedMs: 60_000 } }),
    e('STEP_DONE', { nodeId: 'approve', visit, entered: 'done:1' }),
    e('finished', { detail: { outcome: 'completed' } }),
  )
  return events
}

let dispose: (() => Promise<void>) | undefined
afterEach(async () => {
  await dispose?.()
  dispose = undefined
})

/** A store with two deployments of 'wf' and one of another workflow, whose writer folds into `source`'s tallies. */
async function open(engine: SqlDatabase['engine'], logPageSize: number) {
  const opened = await openTestDatabase(engine)
  dispose = opened.dispose
  const { db } = opened
  for (const [id, workflowId, version, cost] of [
    ['d1', 'wf', 1, 10],
    ['d2', 'wf', 2, 25],
    ['d9', 'other', 1, 99],
  ] as const) {
    await db.run(
      `INSERT INTO deployments (id, workflow_id, version, document, compiled, deployed_at, deployed_by)
        VALUES (?, ?, ?, ?, '{}', 0, 'test')`,
      [id, workflowId, version, JSON.stringify(claims(workflowId, cost))],
    )
  }
  const source = new MetricsSource(db, undefined, logPageSize)
  const writer = new Writer(db)
  writer.inTransaction = (tx, events, lastSeq) => source.store.foldWritten(tx, events, lastSeq)
  return { db, source, writer }
}

/** Writes the events in time order, each item's instance first, in batches of `batch` events. */
async function write(writer: Writer, events: EventWrite[], batch: number) {
  const sorted = [...events].sort((x, y) => x.at - y.at)
  for (const [i, event] of sorted.entries()) {
    if (event.type === 'START') {
      writer.instance(startedInstance(event, event.workflowId, 1))
    }
    writer.event(event)
    if (i % batch === batch - 1) await writer.flush()
  }
  await writer.flush()
}

describe.each(testEngines)('metrics recomputed from the event log on %s', (engine) => {
  it('read in many pages give the same figures as the tallies folded as the log was written', async () => {
    const { source, writer } = await open(engine, 3)
    // Over two days and both deployments, another workflow's items interleaved with them.
    await write(
      writer,
      [
        ...item('a', 'wf', 'd1', 0, 'approved'),
        ...item('b', 'wf', 'd1', 90_000, 'reworked'),
        ...item('x', 'other', 'd9', 30_000, 'approved'),
        ...item('c', 'wf', 'd2', day + 10_000, 'failed'),
        ...item('d', 'wf', 'd2', day + 20_000, 'open'),
        ...item('e', 'wf', 'd2', day + 50_000, 'reworked'),
        ...item('y', 'other', 'd9', day + 40_000, 'reworked'),
      ],
      4,
    )

    const whole = await source.recompute('wf')
    expect(whole.metrics).toMatchObject({ currency: 'CHF', started: 5, failed: 1, inProgress: 1 })
    expect(whole.metrics.steps.approve!.rejected).toBe(2)
    for (const scope of [{}, { deploymentId: 'd2' }, { since: new Date(day).toISOString() }]) {
      expect(await source.recompute('wf', scope)).toEqual(await source.workflow('wf', scope))
    }
    expect(await source.recompute('other')).toEqual(await source.workflow('other'))
  })
})
