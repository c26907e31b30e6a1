import { currencyOf, WorkflowDocument, workflowBuilders as b } from '@conveyor/shared'
import type { EventType } from '@conveyor/shared/protocol/event-log'
import { afterEach, describe, expect, it } from 'vitest'
import type { SqlDatabase } from '../store/sql'
import { freshStore, testEngines } from '../store/sql/test-support/test-databases'
import { Writer } from '../store/writer'
import { computeMetrics, type MetricsScope } from './compute-metrics'
import { nodeInfos } from './deployment-nodes'
import { metricEventsOf, type EventRow } from './metric-events'
import { MetricStore } from './metric-store'
import { startedInstance } from './test-support/started-instance'

const document = b.workflow(
  [
    b.trigger('start'),
    b.step('check', {
      automate: { connector: { kind: 'http', method: 'POST', url: 'https://checks.example' } },
    }),
    b.step('approve', { mode: 'human', facts: { costPerItem: 12.5 } }),
    b.end('done'),
  ],
  b.chain('start', 'check', 'approve', 'done'),
  { id: 'wf', currency: 'CHF' },
)

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

interface Logged {
  at: number
  instanceId: string
  deploymentId: string
  type: EventType
  nodeId?: string
  visit?: number
  entered?: string
  detail?: Record<string, unknown>
}

/** One item's story, drawn at random: checks, failures, rejections and rework, breaches, cancellations. */
function story(id: string, deploymentId: string, start: number, next: () => number): Logged[] {
  let at = start
  const later = () => (at += Math.floor(next() * 6 * 3_600_000))
  const e = (type: EventType, more: Partial<Logged> = {}): Logged => ({
    at,
    instanceId: id,
    deploymentId,
    type,
    ...more,
  })
  const events = [
    e('START', { entered: 'start:1' }),
    e('STEP_DONE', { nodeId: 'start', visit: 1, entered: 'check:1' }),
  ]
  later()
  if (next() < 0.15) {
    events.push(e('failed', { nodeId: 'check', visit: 1 }), e('STEP_FAILED', { nodeId: 'check', visit: 1 }))
    return [...events, e('finished', { detail: { outcome: 'failed' } })]
  }
  events.push(e('STEP_DONE', { nodeId: 'check', visit: 1, entered: 'approve:1' }))
  for (let visit = 1; ; visit++) {
    const where = { nodeId: 'approve', visit }
    events.push(e('task.created', where))
    const claimed = next() < 0.7
    if (claimed) {
      later()
      events.push(e('task.claimed', where))
    }
    const fate = next()
    later()
    if (fate < 0.1) return events // still open
    if (fate < 0.2) {
      events.push(e('sla.breached', where), e('STEP_TIMEOUT', where))
      return [...events, e('finished', { detail: { outcome: 'rejected' } })]
    }
    if (fate < 0.3) return [...events, e('CANCEL'), e('finished', { detail: { outcome: 'cancelled' } })]
    if (fate < 0.5 && visit < 3) {
      events.push(
        e('task.rejected', where),
        e('STEP_REJECTED', { ...where, entered: `approve:${visit + 1}` }),
      )
      continue
    }
    const verdict = next() < 0.5 ? 'accept' : 'override'
    events.push(e('task.completed', { ...where, detail: { verdict, waitedMs: claimed ? 1000 : 0 } }))
    events.push(e('STEP_DONE', { ...where, entered: 'done:1' }))
    return [...events, e('finished', { detail: { outcome: 'completed' } })]
  }
}

/** Items over several days and two deployments, their events interleaved in time. */
function runs(seed: number, items: number): Logged[] {
  const next = random(seed)
  const all: Logged[] = []
  for (let i = 0; i < items; i++) {
    all.push(
      ...story(`item-${seed}-${i}`, i % 3 === 0 ? 'd2' : 'd1', Math.floor(next() * 5 * 86_400_000), next),
    )
  }
  return all.sort((a, b) => a.at - b.at)
}

/** Writes the events through the writer in batches of random size, each its own transaction. */
async function write(writer: Writer, events: Logged[], next: () => number): Promise<void> {
  for (const event of events) {
    if (event.type === 'START') {
      writer.instance(startedInstance(event, 'wf', event.deploymentId === 'd1' ? 1 : 2))
    }
    writer.event({ ...event, workflowId: 'wf' })
    if (next() < 0.05) await writer.flush()
  }
  await writer.flush()
}

const nodes = nodeInfos(WorkflowDocument.parse(document))
const nodesOf = () => nodes
/** The same nodes for every deployment, as the store asks for them. */
const deploymentNodes = { load: async () => {}, of: nodesOf }

let store: Awaited<ReturnType<typeof freshStore>> | undefined
afterEach(async () => {
  await store?.close()
  store = undefined
})

/** A store with the workflow's two deployments, and a writer whose batches fold into `tallies`. */
async function open(engine: SqlDatabase['engine'], options: { cachedItems?: number } = {}) {
  store = await freshStore(engine)
  const db = await store.open()
  for (const [id, version] of [
    ['d1', 1],
    ['d2', 2],
  ] as const) {
    await db.run(
      `INSERT INTO deployments (id, workflow_id, version, document, compiled, deployed_at, deployed_by)
        VALUES (?, 'wf', ?, ?, '{}', 0, 'test')`,
      [id, version, JSON.stringify(document)],
    )
  }
  return { db, ...folding(db, options) }
}

/** A writer on `db` whose batches fold into a metric store of their own (as a process has). */
function folding(db: SqlDatabase, options: { cachedItems?: number } = {}) {
  const tallies = new MetricStore(db, deploymentNodes, options)
  const writer = new Writer(db)
  writer.inTransaction = (tx, events, lastSeq) => tallies.foldWritten(tx, events, lastSeq)
  return { tallies, writer }
}

const scopes: Array<Partial<MetricsScope>> = [{}, { deploymentId: 'd2' }, { since: 2 * 86_400_000 }]

/** The workflow's figures recomputed from its whole event log. */
async function recomputed(db: SqlDatabase, scope: MetricsScope) {
  const rows = await db.all<EventRow>(
    `SELECT at, instance_id, workflow_id, deployment_id, type, node_id, visit, entered, detail
      FROM events WHERE workflow_id = ? ORDER BY seq`,
    [scope.workflowId],
  )
  return computeMetrics(
    rows.flatMap((row) => metricEventsOf(row)),
    nodesOf,
    scope,
  )
}

async function expectTalliesMatchTheLog(db: SqlDatabase, tallies: MetricStore) {
  for (const scope of scopes) {
    const whole: MetricsScope = { workflowId: 'wf', nodes, currency: currencyOf(document), ...scope }
    const kept = await tallies.read(whole)
    const again = await recomputed(db, whole)
    expect(kept.metrics).toEqual(again.metrics)
    expect(kept.items).toEqual(again.items)
  }
}

describe.each(testEngines)('metric tallies kept with the event log on %s', (engine) => {
  it('equal a full recomputation after randomized runs written in batches', async () => {
    for (const seed of [1, 2]) {
      const { db, tallies, writer } = await open(engine)
      await write(writer, runs(seed, 120), random(seed + 100))
      const { metrics } = await tallies.read({ workflowId: 'wf', nodes, currency: currencyOf(document) })
      // The runs exercised what the definitions are about.
      expect(metrics.currency).toBe('CHF')
      expect(metrics.started).toBe(120)
      expect(
        Math.min(metrics.rejected, metrics.failed, metrics.cancelled, metrics.inProgress),
      ).toBeGreaterThan(0)
      expect(metrics.steps.approve!.rejected).toBeGreaterThan(0)
      expect(metrics.reworkRate).toBeGreaterThan(0)
      await expectTalliesMatchTheLog(db, tallies)
      await store!.close()
      store = undefined
    }
  })

  it('equal a full recomputation when two writers (two processes) fold into the same days at once', async () => {
    const { db, tallies, writer } = await open(engine)
    const other = folding(await store!.open())
    const events = runs(12, 200)
    const next = random(13)
    const acknowledged: Array<Promise<void>> = []
    // Each writer has items of its own (as each instance has one owner); their days are shared.
    for (const event of events) {
      const { writer: to } = Number(event.instanceId.split('-')[2]) % 2 === 0 ? { writer } : other
      if (event.type === 'START') {
        to.instance(startedInstance(event, 'wf', 1))
      }
      to.event({ ...event, workflowId: 'wf' })
      acknowledged.push(to.committed())
      if (next() < 0.1) await new Promise((resolve) => setImmediate(resolve))
    }
    await Promise.all(acknowledged)
    await expectTalliesMatchTheLog(db, tallies)
  })

  it('stay equal when a batch rolls back after it was folded: the remembered item states are not trusted', async () => {
    const { db, tallies, writer } = await open(engine)
    const events = runs(4, 150)
    await write(writer, events.slice(0, 500), random(7))
    // The batch is folded, then its transaction fails: neither its events nor its tallies are kept.
    writer.onFailure = () => undefined
    writer.inTransaction = async (tx, batch, lastSeq) => {
      await tallies.foldWritten(tx, batch, lastSeq)
      throw new Error('disk I/O error')
    }
    await expect(write(writer, events.slice(500, 560), () => 1)).rejects.toThrow('disk I/O error')
    expect(await db.get('SELECT count(*) AS n FROM events')).toEqual({ n: 500 })

    // A writer started afresh (as after a restart of the writes) appends them again.
    const again = new Writer(db)
    again.inTransaction = (tx, batch, lastSeq) => tallies.foldWritten(tx, batch, lastSeq)
    await write(again, events.slice(500), random(8))
    await expectTalliesMatchTheLog(db, tallies)
  })
})

describe('metric tallies on SQLite, where the log is folded in commit order', () => {
  it('catch up on start with events they have not seen: a first build over an existing log', async () => {
    const first = await open('sqlite')
    const events = runs(9, 150)
    await write(first.writer, events.slice(0, 400), random(5))
    // As an earlier runtime did: events written with no tallies kept.
    first.writer.inTransaction = () => undefined
    await write(first.writer, events.slice(400), random(6))

    const tallies = new MetricStore(await store!.open(), deploymentNodes)
    expect(await tallies.catchUp()).toBe(events.length - 400)
    await expectTalliesMatchTheLog(first.db, tallies)
    expect(await tallies.catchUp()).toBe(0)
  })

  it('stay equal with few item states remembered and events appended by a process that keeps no tallies', async () => {
    const { db, tallies, writer } = await open('sqlite', { cachedItems: 3 })
    const events = runs(5, 150)
    await write(writer, events.slice(0, 300), random(9))
    const inTransaction = writer.inTransaction
    writer.inTransaction = () => undefined
    await write(writer, events.slice(300, 450), random(10))
    writer.inTransaction = inTransaction
    await write(writer, events.slice(450), random(11))
    expect(await db.get('SELECT last_seq FROM metric_progress')).toEqual({ last_seq: events.length })
    await expectTalliesMatchTheLog(db, tallies)
  })
})
