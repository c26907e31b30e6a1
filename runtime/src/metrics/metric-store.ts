import type { SqlDatabase, SqlExecutor } from '../store/sql/sql-database'
import type { EventWrite } from '../store/writer'
import {
  dropItemStates,
  eventsAfter,
  insertNewDays,
  itemStates,
  lockedDays,
  metricProgress,
  saveDays,
  saveItemStates,
  setMetricProgress,
  workflowDays,
  type DayRow,
} from '../store/repositories/metric-rows'
import type { NodesOf } from './compute-metrics'
import type { DeploymentNodes } from './deployment-nodes'
import { figuresIn, type MetricsScope } from './compute-metrics'
import { DayTallies, type TallyEntry, type TallyKey, itemsNode } from './day-tallies'
import { ItemStateCache } from './item-state-cache'
import { foldEvent, newItemState, type ItemState, type MetricEvent } from './metric-fold'
import { metricEventsOf, writtenMetricEvents } from './metric-events'
import type { ItemTally, StepTally } from './metric-tallies'
import { mergeTally } from './metric-tallies'
import type { Figures } from './metrics-readout'

/** Events folded per transaction when catching up (a first build over a long history). */
const catchUpChunk = 20_000

/** An item's state as one fold has it, and whether the store holds a row for it. */
interface FoldedItem {
  state: ItemState
  stored: boolean
  ended: boolean
}

/** What a fold leaves to do once its transaction has committed. */
type AfterCommit = () => void

function metricEventsOfAll<T>(list: Iterable<T>, eventsOf: (one: T, into: MetricEvent[]) => MetricEvent[]) {
  const events: MetricEvent[] = []
  for (const one of list) eventsOf(one, events)
  return events
}

const tallyOrder = (a: DayRow, b: DayRow) =>
  a.key.workflowId < b.key.workflowId
    ? -1
    : a.key.workflowId > b.key.workflowId
      ? 1
      : a.key.deploymentId < b.key.deploymentId
        ? -1
        : a.key.deploymentId > b.key.deploymentId
          ? 1
          : a.key.nodeId < b.key.nodeId
            ? -1
            : a.key.nodeId > b.key.nodeId
              ? 1
              : a.key.day - b.key.day

const dayId = (key: TallyKey) =>
  `${key.workflowId}\u0000${key.deploymentId}\u0000${key.nodeId}\u0000${key.day}`

/**
 * The metrics' tallies kept in the store, per workflow, deployment, node and UTC day, beside the
 * state of the items not yet ended. The writer calls `foldWritten` at the end of every batch,
 * inside the batch's transaction, so the tallies are exactly as durable as the events. A batch is
 * folded in memory (one pass, by item and by tally), then written as one row per item and per
 * tally touched. Reading a workflow's figures reads its day rows, never the log.
 *
 * On SQLite the log's order is its commit order, so the store keeps how far the tallies have
 * folded it (`metric_progress`) and catches up with events appended by a process that keeps no
 * tallies. On PostgreSQL concurrent writers take sequence numbers in one order and commit in
 * another, so no such cursor can be kept: every writer folds exactly its own batch's events, and
 * day tallies two writers share are merged under a row lock.
 */
export class MetricStore {
  private readonly cache: ItemStateCache

  constructor(
    private readonly sql: SqlDatabase,
    private readonly nodes: Pick<DeploymentNodes, 'load'> & { of: NodesOf },
    options: { cachedItems?: number } = {},
  ) {
    this.cache = new ItemStateCache(options.cachedItems)
  }

  /**
   * Folds the events a batch just appended (the last with sequence number `lastSeq`), from memory.
   * Call it inside the transaction that appended them, and what it returns once it has committed.
   * On SQLite, when the log holds events before them not folded yet (appended by a process that
   * keeps no tallies), folds from the log instead.
   */
  async foldWritten(tx: SqlExecutor, events: readonly EventWrite[], lastSeq: number): Promise<AfterCommit> {
    const batch = metricEventsOfAll(events, writtenMetricEvents)
    if (this.sql.engine === 'postgres') return this.fold(tx, batch, null)
    const progress = await metricProgress(tx)
    if (progress !== lastSeq - events.length) return (await this.foldNew(tx)).afterCommit
    return this.fold(tx, batch, { from: progress, to: lastSeq })
  }

  /**
   * Folds every event appended since the last fold into the stored tallies, reading them from the
   * log (SQLite). Call it inside the transaction that appended them; says how many events it
   * folded (at most `limit`), and what to do once the transaction has committed.
   */
  private async foldNew(tx: SqlExecutor, limit = Number.MAX_SAFE_INTEGER) {
    const progress = await metricProgress(tx)
    const rows = await eventsAfter(tx, progress, limit)
    if (rows.length === 0) return { folded: 0, afterCommit: () => undefined }
    const to = rows[rows.length - 1]!.seq
    const afterCommit = await this.fold(tx, metricEventsOfAll(rows, metricEventsOf), { from: progress, to })
    return { folded: rows.length, afterCommit }
  }

  /**
   * Folds `events` (in order) and stores the tallies and items they touched; on SQLite they are
   * the log's events after `span.from` up to `span.to`. The remembered item states are trusted
   * again only once the transaction has committed (what is returned).
   */
  private async fold(
    tx: SqlExecutor,
    events: readonly MetricEvent[],
    span: { from: number; to: number } | null,
  ): Promise<AfterCommit> {
    this.cache.begin(span?.from ?? null)
    const items = await this.itemsOf(tx, events)
    await this.nodes.load(
      events.map((event) => event.deploymentId),
      tx,
    )
    const tallies = new DayTallies()
    for (const event of events) {
      const item = items.get(event.instanceId)!
      if (item.ended) {
        // An event after the item's end starts it afresh, as the full recomputation does.
        item.state = newItemState()
        item.ended = false
      }
      if (foldEvent(item.state, event, this.nodes.of(event.deploymentId), tallies)) item.ended = true
    }
    const dropped: string[] = []
    const saved: Array<{ instanceId: string; state: string }> = []
    for (const [instanceId, item] of items) {
      if (item.ended) {
        if (item.stored) dropped.push(instanceId)
        this.cache.forget(instanceId)
      } else {
        saved.push({ instanceId, state: JSON.stringify(item.state) })
        this.cache.remember(instanceId, item.state)
      }
    }
    for (const write of dropItemStates(dropped)) await tx.run(write.sql, write.params)
    for (const write of saveItemStates(saved)) await tx.run(write.sql, write.params)
    await this.addTallies(tx, tallies)
    if (span) {
      const write = setMetricProgress(span.to)
      await tx.run(write.sql, write.params)
    }
    return () => this.cache.end(span?.to ?? null)
  }

  /** The state each item of `events` is in before them: remembered, new (a START), or stored. */
  private async itemsOf(tx: SqlExecutor, events: readonly MetricEvent[]): Promise<Map<string, FoldedItem>> {
    const items = new Map<string, FoldedItem>()
    const unknown: string[] = []
    for (const event of events) {
      if (items.has(event.instanceId)) continue
      const cached = this.cache.get(event.instanceId)
      // An item's first event is its START: nothing is stored for it yet.
      const state = cached ?? (event.type === 'START' ? newItemState() : undefined)
      if (state === undefined) unknown.push(event.instanceId)
      items.set(event.instanceId, {
        state: state ?? newItemState(),
        stored: cached !== undefined,
        ended: false,
      })
    }
    if (unknown.length > 0) {
      const stored = await itemStates(tx, unknown)
      for (const [instanceId, state] of stored) {
        items.set(instanceId, { state: JSON.parse(state) as ItemState, stored: true, ended: false })
      }
    }
    return items
  }

  /**
   * Merges the batch's tallies into the stored ones: a day not stored yet takes the batch's tally
   * as it is; the others are read (locked, on PostgreSQL), merged and written back.
   */
  private async addTallies(tx: SqlExecutor, tallies: DayTallies): Promise<void> {
    const batch = new Map<string, TallyEntry<StepTally | ItemTally>>()
    for (const entry of tallies.steps.values()) batch.set(dayId(entry.key), entry)
    for (const entry of tallies.items.values()) batch.set(dayId(entry.key), entry)
    if (batch.size === 0) return
    const rows = Array.from(batch.values(), ({ key, tally }) => ({ key, tally: JSON.stringify(tally) }))
    rows.sort(tallyOrder)
    for (const key of await insertNewDays(tx, rows)) batch.delete(dayId(key))
    if (batch.size === 0) return
    const keys = Array.from(batch.values(), (entry) => entry.key)
    const merged = (await lockedDays(tx, this.sql.engine, keys)).map((stored) => {
      const { tally } = batch.get(dayId(stored.key))!
      return {
        key: stored.key,
        tally: JSON.stringify(mergeTally(JSON.parse(stored.tally) as typeof tally, tally)),
      }
    })
    for (const write of saveDays(merged)) await tx.run(write.sql, write.params)
  }

  /** Folds whatever the log holds beyond the tallies (the first build after an upgrade, too), in chunks (SQLite). */
  async catchUp(): Promise<number> {
    // On PostgreSQL every writer folds its own batches: nothing is appended without its tallies.
    if (this.sql.engine === 'postgres') return 0
    let folded = 0
    for (;;) {
      const chunk = await this.sql.transaction((tx) => this.foldNew(tx, catchUpChunk))
      chunk.afterCommit()
      folded += chunk.folded
      if (chunk.folded < catchUpChunk) return folded
    }
  }

  /** The workflow's figures from its stored day tallies. */
  async read(scope: MetricsScope): Promise<Figures> {
    const steps: Array<TallyEntry<StepTally>> = []
    const items: Array<TallyEntry<ItemTally>> = []
    for (const row of await workflowDays(this.sql, scope.workflowId)) {
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
