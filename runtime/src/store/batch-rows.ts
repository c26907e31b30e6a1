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

/** Instances inserted, or updated to their latest state (their identity columns never change). */
export function instanceUpserts(rows: readonly InstanceWrite[]): SqlWrite[] {
  return multiRow(
    rows,
    13,
    `INSERT INTO instances (id, workflow_id, deployment_id, version, trigger_id, status, outcome,
      active_nodes, snapshot, visits, started_at, updated_at, ended_at)`,
    ` ON CONFLICT (id) DO UPDATE SET status = excluded.status, outcome = excluded.outcome,
      active_nodes = excluded.active_nodes, snapshot = excluded.snapshot, visits = excluded.visits,
      updated_at = excluded.updated_at, ended_at = excluded.ended_at`,
    (r, into) =>
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
      ),
  )
}

/** Events appended in order; each statement returns the sequence numbers the database gave them. */
export function eventInserts(rows: readonly EventWrite[]): SqlWrite[] {
  return multiRow(
    rows,
    9,
    'INSERT INTO events (at, instance_id, workflow_id, deployment_id, type, node_id, visit, entered, detail)',
    ' RETURNING seq',
    (e, into) =>
      into.push(
        e.at,
        e.instanceId,
        e.workflowId,
        e.deploymentId,
        e.type,
        e.nodeId ?? null,
        e.visit ?? null,
        e.entered ?? null,
        json(e.detail),
      ),
  )
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
