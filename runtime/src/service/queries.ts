import type { EventType } from '@conveyor/shared/protocol/event-log'
import type { TaskRow } from '../engine/tasks'
import type { StoredAuditRow } from '../store/audit-chain'
import type { Db, Statement } from '../store/database'
import { parseEntered } from '../store/entered'
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
  cursorValue,
  incidentView,
  instanceView,
  iso,
  pageLimit,
  pageOf,
  taskView,
  type IncidentRow,
  type InstanceRow,
} from './views'

/** `[sql, value]`: the condition applies when the value is given; `?` repeats take the same value. */
/** A clause and its value: one value for every `?`, or a list of them, one per `?` in turn. */
type Conditions = Array<[sql: string, value: unknown]>

/** Read side: filtered, paged lists (newest first) and single records. */
export class Queries {
  private readonly statements = new Map<string, Statement>()

  constructor(private readonly db: Db) {}

  private prepared(sql: string): Statement {
    let statement = this.statements.get(sql)
    if (!statement) {
      statement = this.db.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }

  private page<R extends { rowid: number }, T>(
    table: string,
    conditions: Conditions,
    request: { limit?: number; cursor?: string },
    view: (row: R) => T,
  ): Page<T> {
    const limit = pageLimit(request.limit)
    const active = conditions.filter(([, value]) => value !== undefined)
    const where = ['rowid < ?', ...active.map(([column]) => column)].join(' AND ')
    // Named so: a table whose key aliases the rowid (audit's `seq`) would report it under that name.
    const sql = `SELECT rowid AS rowid, * FROM ${table} WHERE ${where} ORDER BY rowid DESC LIMIT ?`
    const values = active.flatMap(([column, value]) =>
      Array.isArray(value)
        ? value
        : column
            .split('?')
            .slice(1)
            .map(() => value),
    )
    const rows = this.prepared(sql).all(cursorValue(request.cursor), ...values, limit + 1) as R[]
    return pageOf(rows, limit, view)
  }

  listInstances(filter: InstanceFilter = {}): Page<InstanceSummary> {
    return this.page<InstanceRow & { rowid: number }, InstanceSummary>(
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

  getInstance(instanceId: string): InstanceDetail {
    const row = this.prepared('SELECT * FROM instances WHERE id = ?').get(instanceId) as
      InstanceRow | undefined
    if (!row) throw new NotFoundError('instance', instanceId)
    const snapshot = JSON.parse(row.snapshot) as {
      value: unknown
      context?: { data?: Record<string, unknown> }
    }
    const events = this.prepared('SELECT * FROM events WHERE instance_id = ? ORDER BY seq').all(
      instanceId,
    ) as Array<{
      seq: number
      at: number
      type: EventType
      node_id: string | null
      visit: number | null
      entered: string | null
      detail: string | null
    }>
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
    const openTasks = this.prepared(
      "SELECT * FROM tasks WHERE instance_id = ? AND status IN ('open', 'claimed') ORDER BY created_at",
    ).all(instanceId) as TaskRow[]
    const openIncidents = this.prepared(
      "SELECT * FROM incidents WHERE instance_id = ? AND status = 'open' ORDER BY created_at",
    ).all(instanceId) as IncidentRow[]
    return {
      ...instanceView(row),
      data: snapshot.context?.data ?? {},
      state: snapshot.value,
      history,
      openTasks: openTasks.map(taskView),
      openIncidents: openIncidents.map(incidentView),
    }
  }

  listTasks(filter: TaskFilter = {}): Page<Task> {
    return this.page<TaskRow & { rowid: number }, Task>(
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

  getTask(taskId: string): Task {
    const row = this.prepared('SELECT * FROM tasks WHERE id = ?').get(taskId) as TaskRow | undefined
    if (!row) throw new NotFoundError('task', taskId)
    return taskView(row)
  }

  listIncidents(filter: IncidentFilter = {}): Page<Incident> {
    return this.page<IncidentRow & { rowid: number }, Incident>(
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

  getIncident(incidentId: string): Incident {
    const row = this.prepared('SELECT * FROM incidents WHERE id = ?').get(incidentId) as
      IncidentRow | undefined
    if (!row) throw new NotFoundError('incident', incidentId)
    return incidentView(row)
  }

  listAudit(filter: AuditFilter = {}): Page<AuditEntry> {
    return this.page<StoredAuditRow & { rowid: number }, AuditEntry>(
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
