import type { Statement } from 'better-sqlite3'
import type { Db } from '../store/database'
import type { EventWrite } from '../store/writer'
import { DayTallies, type TallyEntry, type TallyKey, itemsNode } from './day-tallies'
import type { DeploymentNodes } from './deployment-nodes'
import { ItemStateCache } from './item-state-cache'
import { foldEvent, newItemState, type ItemState, type MetricEvent } from './metric-fold'
import type { ItemTally, StepTally } from './metric-tallies'
import { mergeTally } from './metric-tallies'
import type { Figures } from './metrics-readout'
import { metricEventsOf, writtenMetricEvents, type EventRow } from './metric-events'
import { figuresIn, type MetricsScope } from './compute-metrics'

/** Events folded per transaction when catching up (a first build over a long history). */
const catchUpChunk = 20_000

/** An item's state as one fold has it, and whether the store holds a row for it. */
interface FoldedItem {
  state: ItemState
  stored: boolean
  ended: boolean
}

function metricEventsOfAll<T>(list: Iterable<T>, eventsOf: (one: T, into: MetricEvent[]) => MetricEvent[]) {
  const events: MetricEvent[] = []
  for (const one of list) eventsOf(one, events)
  return events
}

/**
 * The metrics' tallies kept in the store, per workflow, deployment, node and UTC day, beside the
 * state of the items not yet ended. The writer calls `foldWritten` at the end of every batch,
 * inside the batch's transaction, so the tallies are exactly as durable as the events. A batch is
 * folded in memory (one pass, by item and by tally), then written as one row per item and per
 * tally touched. Reading a workflow's figures reads its day rows, never the log.
 */
export class MetricStore {
  private readonly sql: Record<string, Statement>
  private readonly cache: ItemStateCache

  constructor(
    private readonly db: Db,
    private readonly nodes: DeploymentNodes,
    options: { cachedItems?: number } = {},
  ) {
    this.cache = new ItemStateCache(options.cachedItems)
    this.sql = {
      progress: db.prepare('SELECT last_seq FROM metric_progress WHERE id = 1'),
      setProgress: db.prepare(`INSERT INTO metric_progress (id, last_seq) VALUES (1, ?)
        ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq`),
      events:
        db.prepare(`SELECT seq, at, instance_id, workflow_id, deployment_id, type, node_id, visit, entered, detail
        FROM events WHERE seq > ? ORDER BY seq LIMIT ?`),
      item: db.prepare('SELECT state FROM metric_items WHERE instance_id = ?'),
      saveItem: db.prepare(`INSERT INTO metric_items (instance_id, state) VALUES (?, ?)
        ON CONFLICT (instance_id) DO UPDATE SET state = excluded.state`),
      dropItem: db.prepare('DELETE FROM metric_items WHERE instance_id = ?'),
      tally: db.prepare(
        'SELECT tally FROM metric_days WHERE workflow_id = ? AND deployment_id = ? AND node_id = ? AND day = ?',
      ),
      saveTally: db.prepare(`INSERT INTO metric_days (workflow_id, deployment_id, node_id, day, tally)
        VALUES (?, ?, ?, ?, ?) ON CONFLICT (workflow_id, deployment_id, node_id, day) DO UPDATE SET tally = excluded.tally`),
      days: db.prepare('SELECT deployment_id, node_id, day, tally FROM metric_days WHERE workflow_id = ?'),
    }
  }

  /**
   * Folds the events a batch just appended (the last with sequence number `lastSeq`), from memory.
   * Call it inside the transaction that appended them. When the log holds events before them not
   * folded yet (appended by a process that keeps no tallies), folds from the log instead.
   */
  foldWritten(events: readonly EventWrite[], lastSeq: number): void {
    const progress = this.progress()
    if (progress !== lastSeq - events.length) this.foldNew()
    else this.fold(metricEventsOfAll(events, writtenMetricEvents), progress, lastSeq)
  }

  /**
   * Folds every event appended since the last fold into the stored tallies, reading them from the
   * log. Call it inside the transaction that appended them; returns how many events it folded (at
   * most `limit`).
   */
  foldNew(limit = Number.MAX_SAFE_INTEGER): number {
    const progress = this.progress()
    const rows = this.sql.events!.all(progress, limit) as Array<EventRow & { seq: number }>
    if (rows.length === 0) return 0
    this.fold(metricEventsOfAll(rows, metricEventsOf), progress, rows[rows.length - 1]!.seq)
    return rows.length
  }

  private progress(): number {
    return (this.sql.progress!.get() as { last_seq: number } | undefined)?.last_seq ?? 0
  }

  /** Folds the events after `from` up to `to` (in order), and stores the tallies and items they touched. */
  private fold(events: readonly MetricEvent[], from: number, to: number): void {
    const s = this.sql
    this.cache.begin(from)
    const tallies = new DayTallies()
    const items = new Map<string, FoldedItem>()
    for (const event of events) {
      let item = items.get(event.instanceId)
      if (!item) items.set(event.instanceId, (item = this.load(event)))
      else if (item.ended) {
        // An event after the item's end starts it afresh, as the full recomputation does.
        item.state = newItemState()
        item.ended = false
      }
      if (foldEvent(item.state, event, this.nodes.of(event.deploymentId), tallies)) item.ended = true
    }
    for (const [instanceId, item] of items) {
      if (item.ended) {
        if (item.stored) s.dropItem!.run(instanceId)
        this.cache.forget(instanceId)
      } else {
        s.saveItem!.run(instanceId, JSON.stringify(item.state))
        this.cache.remember(instanceId, item.state)
      }
    }
    for (const entry of tallies.steps.values()) this.add(entry)
    for (const entry of tallies.items.values()) this.add(entry)
    s.setProgress!.run(to)
    this.cache.end(to)
  }

  /** The state of the item `first` (its first event in this fold) belongs to. */
  private load(first: MetricEvent): FoldedItem {
    const cached = this.cache.get(first.instanceId)
    if (cached) return { state: cached, stored: true, ended: false }
    // An item's first event is its START: nothing is stored for it yet.
    if (first.type === 'START') return { state: newItemState(), stored: false, ended: false }
    const row = this.sql.item!.get(first.instanceId) as { state: string } | undefined
    const state = row ? (JSON.parse(row.state) as ItemState) : newItemState()
    return { state, stored: row !== undefined, ended: false }
  }

  /** Folds whatever the log holds beyond the tallies (the first build after an upgrade, too), in chunks. */
  catchUp(): number {
    let folded = 0
    for (;;) {
      const n = this.db.transaction(() => this.foldNew(catchUpChunk))()
      folded += n
      if (n < catchUpChunk) return folded
    }
  }

  private add({ key, tally }: TallyEntry<StepTally | ItemTally>): void {
    const stored = this.sql.tally!.get(key.workflowId, key.deploymentId, key.nodeId, key.day) as
      { tally: string } | undefined
    const merged = stored ? mergeTally(JSON.parse(stored.tally) as typeof tally, tally) : tally
    this.sql.saveTally!.run(key.workflowId, key.deploymentId, key.nodeId, key.day, JSON.stringify(merged))
  }

  /** The workflow's figures from its stored day tallies. */
  read(scope: MetricsScope): Figures {
    const steps: Array<TallyEntry<StepTally>> = []
    const items: Array<TallyEntry<ItemTally>> = []
    const rows = this.sql.days!.all(scope.workflowId) as Array<{
      deployment_id: string
      node_id: string
      day: number
      tally: string
    }>
    for (const row of rows) {
      const key: TallyKey = {
        workflowId: scope.workflowId,
        deploymentId: row.deployment_id,
        nodeId: row.node_id,
        day: row.day,
      }
      if (row.node_id === itemsNode) items.push({ key, tally: JSON.parse(row.tally) as ItemTally })
      else steps.push({ key, tally: JSON.parse(row.tally) as StepTally })
    }
    return figuresIn(steps, items, scope)
  }
}
