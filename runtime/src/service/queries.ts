import type { EventType } from '@conveyor/shared/protocol/event-log'
import type { TaskRow } from '../engine/tasks'
import type { StoredAuditRow } from '../store/audit-chain'
import { parseEntered } from '../store/entered'
import { ViewRows, type Condition, type ListedTable } from '../store/repositories/view-rows'
import type { SqlExecutor } from '../store/sql'
import { NotFoundError } from './errors'
import type {
  AuditEntry,
  AuditFilter,
  Incident,
  IncidentFilter,
  InstanceDetail,
  InstanceFilter,
  InstanceSummary,
  Page,
  StepHistoryEntry,
  Task,
  TaskFilter,
} from './types'
import {
  cursorAfter,
  incidentView,
  instanceView,
  iso,
  pageLimit,
  pageOf,
  taskView,
  type IncidentRow,
  type InstanceRow,
} from './views'

/** A clause and its value: one value for every `?`, or a list of them, one per `?` in turn; none leaves it out. */
type Filters = Array<[sql: string, value: string | number | string[] | undefined]>

interface EventRow {
  seq: number
  at: number
  type: EventType
  node_id: string | null
  visit: number | null
  entered: string | null
  detail: string | null
}

/** Read side: filtered, paged lists (newest first) and single records. */
export class Queries {
  private readonly rows: ViewRows

  constructor(sql: SqlExecutor) {
    this.rows = new ViewRows(sql)
  }

  private async page<R extends object, T>(
    table: ListedTable,
    filters: Filters,
    request: { limit?: number; cursor?: string },
    view: (row: R) => T,
  ): Promise<Page<T>> {
    const limit = pageLimit(request.limit)
    const conditions: Condition[] = filters.flatMap(([sql, value]) => {
      if (value === undefined) return []
      const params = Array.isArray(value)
        ? value
        : sql
            .split('?')
            .slice(1)
            .map(() => value)
      return [{ sql, params }]
    })
    const rows = await this.rows.page<R>(table, conditions, cursorAfter(table, request.cursor), limit + 1)
    return pageOf(table, rows, limit, view)
  }

  listInstances(filter: InstanceFilter = {}): Promise<Page<InstanceSummary>> {
    return this.page<InstanceRow, InstanceSummary>(
      'instances',
      [
        ['workflow_id = ?', filter.workflowId],
        ['status = ?', filter.status],
        ['deployment_id = ?', filter.deploymentId],
      ],
      filter,
      instanceView,
    )
  }

  /** The instance's summary, as stored now. */
  async instanceSummary(instanceId: string): Promise<InstanceSummary> {
    const row = await this.rows.instance<InstanceRow>(instanceId)
    if (!row) throw new NotFoundError('instance', instanceId)
    return instanceView(row)
  }

  async getInstance(instanceId: string): Promise<InstanceDetail> {
    const row = await this.rows.instance<InstanceRow>(instanceId)
    if (!row) throw new NotFoundError('instance', instanceId)
    const snapshot = JSON.parse(row.snapshot) as {
      value: unknown
      context?: { data?: Record<string, unknown> }
    }
    const [events, openTasks, openIncidents] = await Promise.all([
      this.rows.events<EventRow>(instanceId),
      this.rows.openTasks<TaskRow>(instanceId),
      this.rows.openIncidents<IncidentRow>(instanceId),
    ])
    const history: StepHistoryEntry[] = events.flatMap((e) => [
      {
        seq: e.seq,
        at: iso(e.at),
        type: e.type,
        ...(e.node_id ? { nodeId: e.node_id } : {}),
        ...(e.detail || e.visit !== null
          ? {
              detail: {
                ...(e.visit !== null ? { visit: e.visit } : {}),
                ...(e.detail ? JSON.parse(e.detail) : {}),
              },
            }
          : {}),
      },
      ...parseEntered(e.entered).map(({ nodeId, visit }) => ({
        seq: e.seq,
        at: iso(e.at),
        type: 'entered' as const,
        nodeId,
        detail: { visit },
      })),
    ])
    return {
      ...instanceView(row),
      data: snapshot.context?.data ?? {},
      state: snapshot.value,
      history,
      openTasks: openTasks.map(taskView),
      openIncidents: openIncidents.map(incidentView),
    }
  }

  listTasks(filter: TaskFilter = {}): Promise<Page<Task>> {
    return this.page<TaskRow, Task>(
      'tasks',
      [
        ['(lane = ? OR escalated_to = ?)', filter.lane],
        ['assignee = ?', filter.assignee],
        ['status = ?', filter.status],
        ['workflow_id = ?', filter.workflowId],
        ['instance_id = ?', filter.instanceId],
        [
          // Open work of the lanes open to this person (see LaneMembers), and their own tasks.
          `((status = 'open' AND (NOT EXISTS (SELECT 1 FROM lane_members m WHERE m.lane IN (tasks.lane, tasks.escalated_to))
             OR EXISTS (SELECT 1 FROM lane_members m WHERE m.lane IN (tasks.lane, tasks.escalated_to) AND m.member = ?)))
            OR assignee = ? OR completed_by = ?)`,
          filter.visibleTo && [filter.visibleTo.name, filter.visibleTo.name, filter.visibleTo.actor],
        ],
      ],
      filter,
      taskView,
    )
  }

  async getTask(taskId: string): Promise<Task> {
    const row = await this.rows.task<TaskRow>(taskId)
    if (!row) throw new NotFoundError('task', taskId)
    return taskView(row)
  }

  listIncidents(filter: IncidentFilter = {}): Promise<Page<Incident>> {
    return this.page<IncidentRow, Incident>(
      'incidents',
      [
        ['status = ?', filter.status],
        ['workflow_id = ?', filter.workflowId],
        ['instance_id = ?', filter.instanceId],
      ],
      filter,
      incidentView,
    )
  }

  async getIncident(incidentId: string): Promise<Incident> {
    const row = await this.rows.incident<IncidentRow>(incidentId)
    if (!row) throw new NotFoundError('incident', incidentId)
    return incidentView(row)
  }

  listAudit(filter: AuditFilter = {}): Promise<Page<AuditEntry>> {
    return this.page<StoredAuditRow, AuditEntry>(
      'audit',
      [
        ['instance_id = ?', filter.instanceId],
        ['workflow_id = ?', filter.workflowId],
        ['actor = ?', filter.actor],
        ['action = ?', filter.action],
        ['at >= ?', filter.since === undefined ? undefined : Date.parse(filter.since)],
        ['at <= ?', filter.until === undefined ? undefined : Date.parse(filter.until)],
      ],
      filter,
      auditView,
    )
  }
}
export function auditView(row: StoredAuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: iso(row.at),
    actor: row.actor,
    action: row.action,
    ...(row.workflow_id ? { workflowId: row.workflow_id } : {}),
    ...(row.instance_id ? { instanceId: row.instance_id } : {}),
    ...(row.node_id ? { nodeId: row.node_id } : {}),
    ...(row.detail ? { detail: JSON.parse(row.detail) as Record<string, unknown> } : {}),
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}
