import { workflowBuilders as b } from '@conveyor/shared'
import type { EventType } from '@conveyor/shared/protocol/event-log'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDataDir } from '../service/test-support/service-harness'
import { openDatabase, type Db } from '../store/database'
import { Writer } from '../store/writer'
import { DeploymentNodes } from './deployment-nodes'
import { MetricStore } from './metric-store'
import { MetricsSource } from './metrics-source'

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
function write(writer: Writer, events: Logged[], next: () => number): void {
  for (const event of events) {
    if (event.type === 'START') {
      const row = {
        id: event.instanceId,
        workflowId: 'wf',
        deploymentId: event.deploymentId,
        version: event.deploymentId === 'd1' ? 1 : 2,
        trigger: 'start',
        status: 'running',
        outcome: null,
        activeNodes: '[]',
        snapshot: '{}',
        visits: '{}',
        startedAt: event.at,
        updatedAt: event.at,
        endedAt: null,
      }
      writer.instance(event.instanceId, () => row)
    }
    writer.event({ ...event, workflowId: 'wf' })
    if (next() < 0.05) writer.flush()
  }
  writer.flush()
}

let db: Db | undefined
afterEach(() => db?.close())

function open(dataDir: string) {
  db = openDatabase(dataDir)
  const deploy = db.prepare(`INSERT OR IGNORE INTO deployments (id, workflow_id, version, document, compiled,
    deployed_at, deployed_by) VALUES (?, 'wf', ?, ?, '{}', 0, 'test')`)
  deploy.run('d1', 1, JSON.stringify(document))
  deploy.run('d2', 2, JSON.stringify(document))
  const source = new MetricsSource(db)
  const writer = new Writer(db)
  return { db, source, writer }
}

const scopes = [{}, { deploymentId: 'd2' }, { since: new Date(2 * 86_400_000).toISOString() }]

function expectTalliesMatchTheLog(source: MetricsSource) {
  for (const scope of scopes) {
    const kept = source.workflow('wf', scope)
    const recomputed = source.recompute('wf', scope)
    expect(kept.metrics).toEqual(recomputed.metrics)
    expect(kept.items).toEqual(recomputed.items)
  }
}

describe('metric tallies kept with the event log', () => {
  it('equal a full recomputation after randomized runs written in batches', () => {
    for (const seed of [1, 2, 3]) {
      const { source, writer } = open(tempDataDir())
      writer.inTransaction = (events, lastSeq) => source.store.foldWritten(events, lastSeq)
      write(writer, runs(seed, 120), random(seed + 100))
      const { metrics } = source.workflow('wf')
      // The runs exercised what the definitions are about.
      expect(metrics.currency).toBe('CHF')
      expect(metrics.started).toBe(120)
      expect(
        Math.min(metrics.rejected, metrics.failed, metrics.cancelled, metrics.inProgress),
      ).toBeGreaterThan(0)
      expect(metrics.steps.approve!.rejected).toBeGreaterThan(0)
      expect(metrics.reworkRate).toBeGreaterThan(0)
      expectTalliesMatchTheLog(source)
      db!.close()
      db = undefined
    }
  })

  it('catch up on start with events they have not seen: a first build over an existing log', () => {
    const dataDir = tempDataDir()
    const first = open(dataDir)
    first.writer.inTransaction = (events, lastSeq) => first.source.store.foldWritten(events, lastSeq)
    const events = runs(9, 150)
    write(first.writer, events.slice(0, 400), random(5))
    // As an earlier runtime did: events written with no tallies kept.
    first.writer.inTransaction = () => undefined
    write(first.writer, events.slice(400), random(6))
    first.db.close()

    const { source } = open(dataDir)
    expect(source.store.catchUp()).toBe(events.length - 400)
    expectTalliesMatchTheLog(source)
    expect(source.store.catchUp()).toBe(0)
  })
})

describe('metric tallies folded from memory', () => {
  it('stay equal when a batch rolls back after it was folded: the remembered item states are not trusted', () => {
    const { db, source, writer } = open(tempDataDir())
    const events = runs(4, 150)
    writer.inTransaction = (batch, lastSeq) => source.store.foldWritten(batch, lastSeq)
    write(writer, events.slice(0, 500), random(7))
    // The batch is folded, then its transaction fails: neither its events nor its tallies are kept.
    writer.inTransaction = (batch, lastSeq) => {
      source.store.foldWritten(batch, lastSeq)
      throw new Error('disk I/O error')
    }
    write(writer, events.slice(500, 560), () => 1)
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 500 })

    // A writer started afresh (as after a restart of the writes) appends them again.
    const again = new Writer(db)
    again.inTransaction = (batch, lastSeq) => source.store.foldWritten(batch, lastSeq)
    write(again, events.slice(500), random(8))
    expectTalliesMatchTheLog(source)
  })

  it('stay equal with few item states remembered and events appended by a process that keeps no tallies', () => {
    const { db, source, writer } = open(tempDataDir())
    const store = new MetricStore(db, new DeploymentNodes(db), { cachedItems: 3 })
    const events = runs(5, 150)
    writer.inTransaction = (batch, lastSeq) => store.foldWritten(batch, lastSeq)
    write(writer, events.slice(0, 300), random(9))
    writer.inTransaction = () => undefined
    write(writer, events.slice(300, 450), random(10))
    writer.inTransaction = (batch, lastSeq) => store.foldWritten(batch, lastSeq)
    write(writer, events.slice(450), random(11))
    expect(db.prepare('SELECT last_seq FROM metric_progress').get()).toEqual({ last_seq: events.length })
    expectTalliesMatchTheLog(source)
  })
})
