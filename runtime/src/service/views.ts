import type { TaskRow, TaskSpec } from '../engine/tasks'
import { InvalidError } from './errors'
import type {
  Incident,
  IncidentStatus,
  InstanceStatus,
  InstanceSummary,
  Task,
  TaskStatus,
  Verdict,
} from './types'

export const iso = (ms: number): string => new Date(ms).toISOString()
const isoOrUndefined = (ms: number | null): string | undefined => (ms === null ? undefined : iso(ms))

export interface InstanceRow {
  id: string
  workflow_id: string
  deployment_id: string
  version: number
  trigger_id: string
  status: InstanceStatus
  outcome: string | null
  active_nodes: string
  snapshot: string
  started_at: number
  updated_at: number
  ended_at: number | null
}

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

export interface IncidentRow {
  id: string
  instance_id: string
  workflow_id: string
  node_id: string
  visit: number
  error: string
  attempts: number
  status: IncidentStatus
  created_at: number
  resolved_at: number | null
  resolved_by: string | null
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
export function pageOf<R extends { rowid: number }, T>(rows: R[], limit: number, view: (row: R) => T) {
  const items = rows.slice(0, limit).map(view)
  const last = rows[limit - 1]
  return rows.length > limit && last ? { items, nextCursor: String(last.rowid) } : { items }
}

export function pageLimit(limit: number | undefined): number {
  return Math.min(Math.max(Math.trunc(limit ?? 50), 1), 500)
}

/** A cursor is the rowid of the last item seen; lists go newest first. */
export function cursorValue(cursor: string | undefined): number {
  if (cursor === undefined) return Number.MAX_SAFE_INTEGER
  const value = Number(cursor)
  // A cursor this list never gave would silently start again from the first page.
  if (!/^\d+$/.test(cursor) || !Number.isSafeInteger(value)) {
    throw new InvalidError('cursor is not one a page of this list gave', [
      { path: 'cursor', message: 'use the nextCursor of the page before' },
    ])
  }
  return value
}
