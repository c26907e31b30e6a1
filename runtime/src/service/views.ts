import type { Page } from '@conveyor/shared/protocol/api'
import type { TaskRow, TaskSpec } from '../engine/tasks'
import type { IncidentRow } from '../store/repositories/incident-rows'
import type { InstanceRow } from '../store/repositories/instance-rows'
import { keysets, type Keyset, type ListedTable } from '../store/repositories/view-rows'
import type { SqlValue } from '../store/sql'
import { InvalidError } from './errors'
import type { Incident, InstanceSummary, Task, TaskStatus, Verdict } from './types'

export type { IncidentRow, InstanceRow }

export const iso = (ms: number): string => new Date(ms).toISOString()
const isoOrUndefined = (ms: number | null): string | undefined => (ms === null ? undefined : iso(ms))

export function instanceView(row: InstanceRow): InstanceSummary {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    deploymentId: row.deployment_id,
    version: row.version,
    status: row.status,
    activeNodes: JSON.parse(row.active_nodes) as string[],
    ...(row.outcome ? { outcome: row.outcome } : {}),
    startedAt: iso(row.started_at),
    updatedAt: iso(row.updated_at),
    ...(row.ended_at !== null ? { endedAt: iso(row.ended_at) } : {}),
    trigger: row.trigger_id,
  }
}

export function taskView(row: TaskRow): Task {
  const spec = JSON.parse(row.spec) as TaskSpec
  const task: Task = {
    id: row.id,
    instanceId: row.instance_id,
    workflowId: row.workflow_id,
    deploymentId: row.deployment_id,
    nodeId: row.node_id,
    kind: spec.kind,
    label: spec.label,
    status: row.status as TaskStatus,
    form: spec.form,
    prefill: spec.prefill,
    createdAt: iso(row.created_at),
  }
  if (spec.workflowName) task.workflowName = spec.workflowName
  if (row.lane) task.lane = row.lane
  if (row.lane && spec.laneNames?.[row.lane]) task.laneName = spec.laneNames[row.lane]
  if (row.escalated_to) task.escalatedTo = row.escalated_to
  if (row.escalated_to && spec.laneNames?.[row.escalated_to])
    task.escalatedToName = spec.laneNames[row.escalated_to]
  if (spec.case) task.case = spec.case
  if (row.assignee) task.assignee = row.assignee
  if (spec.branches) task.branches = spec.branches
  if (spec.question) task.question = spec.question
  if (spec.suggestion) task.suggestion = spec.suggestion
  if (spec.assistantError) task.assistantError = spec.assistantError
  if (spec.fallback) task.fallback = spec.fallback
  task.dueAt = isoOrUndefined(row.due_at)
  task.completedAt = isoOrUndefined(row.completed_at)
  if (row.completed_by) task.completedBy = row.completed_by
  if (row.result) task.result = JSON.parse(row.result) as Record<string, unknown>
  if (row.branch) task.branch = row.branch
  if (row.verdict) task.verdict = row.verdict as Verdict
  return JSON.parse(JSON.stringify(task)) as Task
}

export function incidentView(row: IncidentRow): Incident {
  return {
    id: row.id,
    instanceId: row.instance_id,
    workflowId: row.workflow_id,
    nodeId: row.node_id,
    error: row.error,
    attempts: row.attempts,
    status: row.status,
    createdAt: iso(row.created_at),
    ...(row.resolved_at !== null ? { resolvedAt: iso(row.resolved_at) } : {}),
    ...(row.resolved_by ? { resolvedBy: row.resolved_by } : {}),
  }
}

/** A page of rows fetched with `limit + 1`: the extra row says there is a next page. */
export function pageOf<R extends object, T>(
  table: ListedTable,
  rows: R[],
  limit: number,
  view: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, limit).map(view)
  const last = rows[limit - 1] as Record<string, SqlValue> | undefined
  if (rows.length <= limit || !last) return { items }
  return { items, nextCursor: cursorOf(keysets[table].map((column) => last[column] ?? null)) }
}

export function pageLimit(limit: number | undefined): number {
  return Math.min(Math.max(Math.trunc(limit ?? 50), 1), 500)
}

/**
 * A cursor names the last item seen by its place in the list's order, and is opaque to clients:
 * a lone sequence number is written as it is (the audit's cursors stay what they were), a place
 * of several columns (a time and an id) as base64url JSON.
 */
function cursorOf(values: SqlValue[]): string {
  return values.length === 1 ? String(values[0]) : Buffer.from(JSON.stringify(values)).toString('base64url')
}

/** The place in `table`'s order that a page given by this list ended at; none for the first page. */
export function cursorAfter(table: ListedTable, cursor: string | undefined): SqlValue[] | undefined {
  if (cursor === undefined) return undefined
  const keyset: Keyset = keysets[table]
  const values = keyset.length === 1 ? [/^\d+$/.test(cursor) ? Number(cursor) : undefined] : decoded(cursor)
  // A cursor this list never gave would silently start again from the first page.
  const fits =
    values?.length === keyset.length &&
    values.every((value, i) =>
      keyset[i] === 'id'
        ? typeof value === 'string'
        : typeof value === 'number' && Number.isSafeInteger(value),
    )
  if (!fits) {
    throw new InvalidError('cursor is not one a page of this list gave', [
      { path: 'cursor', message: 'use the nextCursor of the page before' },
    ])
  }
  return values as SqlValue[]
}

function decoded(cursor: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    return Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}
