import type { EventType } from '@conveyor/shared/protocol/event-log'
import type { AuditRow } from './audit-chain'
import { flatValues, placeholderRows, rowRuns } from './multi-row'
import type { SqlValue } from './sql/sql-database'

export interface InstanceWrite {
  id: string
  workflowId: string
  deploymentId: string
  version: number
  trigger: string
  status: string
  outcome: string | null
  activeNodes: string
  snapshot: string
  visits: string
  startedAt: number
  updatedAt: number
  endedAt: number | null
}

export interface EventWrite {
  at: number
  instanceId: string
  workflowId: string
  deploymentId: string
  type: EventType
  nodeId?: string | null
  visit?: number | null
  /** Nodes the transition entered, as `nodeId:visit` joined by commas. */
  entered?: string | null
  /** An object, or already serialized JSON. */
  detail?: Record<string, unknown> | string | null
}

export type AuditWrite = Omit<AuditRow, 'seq' | 'detail'> & {
  detail?: Record<string, unknown> | string | null
}

/** Outbox work recorded in a batch (`insert`), finished or retried in it (`update`), or both. */
export interface OutboxChange {
  insert?: { id: string; instanceId: string; nodeId: string; visit: number; at: number }
  update?: { status: string; attempts: number; lastError: string | null; at: number }
}

/** One statement of the batch, as data: SQL in the portable dialect (`?` placeholders) and its values. */
export interface SqlWrite {
  sql: string
  params: readonly SqlValue[]
}

export const json = (detail: Record<string, unknown> | string | null | undefined): string | null =>
  detail === null || detail === undefined
    ? null
    : typeof detail === 'string'
      ? detail
      : JSON.stringify(detail)

/** One multi-row statement per run of rows: `head`, the rows' placeholders, then `tail`. */
function multiRow<T>(
  rows: readonly T[],
  columns: number,
  head: string,
  tail: string,
  columnsOf: (row: T, into: SqlValue[]) => void,
): SqlWrite[] {
  const writes: SqlWrite[] = []
  for (const run of rowRuns(rows)) {
    writes.push({
      sql: `${head} VALUES ${placeholderRows(columns, run.length)}${tail}`,
      params: flatValues(run, columnsOf),
    })
  }
  return writes
}

/**
 * An instance whose row and events a batch writes (the engine's live instance). `eventSeq` counts
 * its events so far: numbered 1, 2, 3… in the log (`events.instance_seq`), their count stored in its
 * row (`instances.event_seq`). The writer moves it as it numbers the events of each batch.
 */
export interface InstanceLog {
  readonly id: string
  eventSeq: number
  /** Its row in its latest state. */
  toRow: () => InstanceWrite
}

/** An instance's row as a batch writes it: with its event count now, and the count it was loaded with. */
export interface InstanceState {
  row: InstanceWrite
  eventSeq: number
  /** What the stored row must still say (0: the instance is new, or has no events yet). */
  expected: number
}

/**
 * Instances with no events stored yet (new ones), inserted; one already stored with none is
 * updated. A row that has events meanwhile is left alone and missing from the ids returned.
 */
export function instanceInserts(states: readonly InstanceState[]): SqlWrite[] {
  return multiRow(
    states,
    14,
    `INSERT INTO instances (id, workflow_id, deployment_id, version, trigger_id, status, outcome,
      active_nodes, snapshot, visits, started_at, updated_at, ended_at, event_seq)`,
    ` ON CONFLICT (id) DO UPDATE SET status = excluded.status, outcome = excluded.outcome,
      active_nodes = excluded.active_nodes, snapshot = excluded.snapshot, visits = excluded.visits,
      updated_at = excluded.updated_at, ended_at = excluded.ended_at, event_seq = excluded.event_seq
      WHERE instances.event_seq = 0 RETURNING id`,
    ({ row: r, eventSeq }, into) =>
      into.push(
        r.id,
        r.workflowId,
        r.deploymentId,
        r.version,
        r.trigger,
        r.status,
        r.outcome,
        r.activeNodes,
        r.snapshot,
        r.visits,
        r.startedAt,
        r.updatedAt,
        r.endedAt,
        eventSeq,
      ),
  )
}

/** One row of the compare-and-set's values; integers cast, as PostgreSQL types a bare VALUES list as text. */
const casRow =
  '(?, ?, ?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT))'
const casRowLists = new Map<number, string>()
const casRows = (count: number): string => {
  let text = casRowLists.get(count)
  if (text === undefined) {
    text = Array.from({ length: count }, () => casRow).join(', ')
    casRowLists.set(count, text)
  }
  return text
}

/**
 * Stored instances updated to their latest state (their identity columns never change), each only
 * where its stored event count is still the one it was loaded with (a compare-and-set): a row
 * another replica moved on is left alone and missing from the ids returned.
 */
export function instanceUpdates(states: readonly InstanceState[]): SqlWrite[] {
  const writes: SqlWrite[] = []
  for (const run of rowRuns(states)) {
    writes.push({
      sql: `WITH v (id, status, outcome, active_nodes, snapshot, visits, updated_at, ended_at, event_seq, expected)
        AS (VALUES ${casRows(run.length)})
        UPDATE instances SET status = v.status, outcome = v.outcome, active_nodes = v.active_nodes,
          snapshot = v.snapshot, visits = v.visits, updated_at = v.updated_at, ended_at = v.ended_at,
          event_seq = v.event_seq
        FROM v WHERE instances.id = v.id AND instances.event_seq = v.expected RETURNING instances.id`,
      params: flatValues(run, ({ row: r, eventSeq, expected }, into) =>
        into.push(
          r.id,
          r.status,
          r.outcome,
          r.activeNodes,
          r.snapshot,
          r.visits,
          r.updatedAt,
          r.endedAt,
          eventSeq,
          expected,
        ),
      ),
    })
  }
  return writes
}

/**
 * Counts `events` more events of an instance the writer holds no state of (written without its
 * instance, by a tool or a test); returns the new count, from which they are numbered.
 */
export function eventSeqAdvance(instanceId: string, events: number): SqlWrite {
  return {
    sql: 'UPDATE instances SET event_seq = event_seq + ? WHERE id = ? RETURNING event_seq',
    params: [events, instanceId],
  }
}

/**
 * Events appended in order, each with its number among its instance's events (`instanceSeqs`, in
 * the same order); each statement returns the sequence numbers the database gave them.
 */
export function eventInserts(
  rows: readonly EventWrite[],
  instanceSeqs: ReadonlyArray<number | null>,
): SqlWrite[] {
  const writes: SqlWrite[] = []
  let at = 0
  for (const run of rowRuns(rows)) {
    const params: SqlValue[] = []
    for (const e of run) {
      params.push(
        e.at,
        e.instanceId,
        e.workflowId,
        e.deploymentId,
        e.type,
        e.nodeId ?? null,
        e.visit ?? null,
        e.entered ?? null,
        json(e.detail),
        instanceSeqs[at++] ?? null,
      )
    }
    writes.push({
      sql: `INSERT INTO events (at, instance_id, workflow_id, deployment_id, type, node_id, visit, entered, detail,
        instance_seq) VALUES ${placeholderRows(10, run.length)} RETURNING seq`,
      params,
    })
  }
  return writes
}

/** Outbox work recorded in the batch (with its state at the batch's end, when it changed in it too). */
export function outboxInserts(changes: ReadonlyArray<Required<Pick<OutboxChange, 'insert'>> & OutboxChange>) {
  return multiRow(
    changes,
    9,
    `INSERT INTO outbox (id, instance_id, node_id, visit, status, attempts, last_error, created_at, updated_at)`,
    ` ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
      last_error = excluded.last_error, updated_at = excluded.updated_at`,
    ({ insert, update }, into) =>
      into.push(
        insert.id,
        insert.instanceId,
        insert.nodeId,
        insert.visit,
        update?.status ?? 'pending',
        update?.attempts ?? 0,
        update?.lastError ?? null,
        insert.at,
        update?.at ?? insert.at,
      ),
  )
}

/** Outbox work recorded by an earlier batch, in its new state. */
export function outboxUpdate(id: string, update: NonNullable<OutboxChange['update']>): SqlWrite {
  return {
    sql: 'UPDATE outbox SET status = ?, attempts = ?, last_error = ?, updated_at = ? WHERE id = ?',
    params: [update.status, update.attempts, update.lastError, update.at, id],
  }
}
