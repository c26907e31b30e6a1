import type { Statement } from 'better-sqlite3'
import type { Db } from '../store/database'
import { DayTallies, type TallyEntry, type TallyKey, itemsNode } from './day-tallies'
import type { DeploymentNodes } from './deployment-nodes'
import { foldEvent, newItemState, type ItemState } from './metric-fold'
import type { ItemTally, StepTally } from './metric-tallies'
import { mergeTally } from './metric-tallies'
import type { Figures } from './metrics-readout'
import { metricEventsOf, type EventRow } from './metric-events'
import { figuresIn, type MetricsScope } from './compute-metrics'

/** Events folded per transaction when catching up (a first build over a long history). */
const catchUpChunk = 20_000

/**
 * The metrics' tallies kept in the store, per workflow, deployment, node and UTC day, beside the
 * state of the items not yet ended. `foldNew` folds the events appended since it last ran; the
 * writer calls it at the end of every batch, inside the batch's transaction, so the tallies are
 * exactly as durable as the events. Reading a workflow's figures reads its day rows, never the log.
 */
export class MetricStore {
  private readonly sql: Record<string, Statement>

  constructor(
    private readonly db: Db,
    private readonly nodes: DeploymentNodes,
  ) {
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
   * Folds every event appended since the last fold into the stored tallies. Call it inside the
   * transaction that appended them; returns how many events it folded (at most one chunk).
   */
  foldNew(limit = Number.MAX_SAFE_INTEGER): number {
    const s = this.sql
    const last = (s.progress!.get() as { last_seq: number } | undefined)?.last_seq ?? 0
    const rows = s.events!.all(last, limit) as Array<EventRow & { seq: number }>
    if (rows.length === 0) return 0
    const tallies = new DayTallies()
    const items = new Map<string, { state: ItemState; ended: boolean }>()
    for (const row of rows) {
      let item = items.get(row.instance_id)
      if (!item) {
        const stored = s.item!.get(row.instance_id) as { state: string } | undefined
        item = { state: stored ? (JSON.parse(stored.state) as ItemState) : newItemState(), ended: false }
        items.set(row.instance_id, item)
      }
      const nodes = this.nodes.of(row.deployment_id)
      for (const event of metricEventsOf(row)) {
        if (foldEvent(item.state, event, nodes, tallies)) item.ended = true
      }
    }
    for (const [instanceId, item] of items) {
      if (item.ended) s.dropItem!.run(instanceId)
      else s.saveItem!.run(instanceId, JSON.stringify(item.state))
    }
    for (const entry of [...tallies.steps.values(), ...tallies.items.values()]) this.add(entry)
    s.setProgress!.run(rows[rows.length - 1]!.seq)
    return rows.length
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
