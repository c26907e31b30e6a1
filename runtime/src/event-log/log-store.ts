import type { NodeKind, WorkflowDocument } from '@conveyor/shared'
import type { Db } from '../store/database'
import { EventPages, pagesByKey, type TimeWindow } from '../store/event-pages'

export interface StoredItem {
  id: string
  status: string
  outcome: string | null
  trigger_id: string
  version: number
  started_at: number
  updated_at: number
  ended_at: number | null
}

export interface StoredTask {
  rowid: number
  id: string
  instance_id: string
  node_id: string
  visit: number
  lane: string | null
  status: string
  assignee: string | null
  created_at: number
  completed_at: number | null
  completed_by: string | null
  verdict: string | null
  /** The assistant's suggestion the task was made with, as JSON, if any. */
  suggestion: string | null
}

/** A node as the export names it: its label, made unique within the workflow. */
export interface NodeName {
  name: string
  kind: NodeKind
}

/**
 * The store as the event-log export reads it: every read is one bounded page (`LIMIT`), fetched
 * whole, so no statement stays open while the response waits for its reader and the writer's
 * commits go on meanwhile. Paging is by key (`seq`, `rowid`, start time), never by offset.
 */
export class LogStore {
  private readonly sql
  /** The events, read the same way. */
  readonly events: EventPages

  constructor(
    db: Db,
    private readonly pageSize: number,
  ) {
    this.events = new EventPages(db, pageSize)
    this.sql = {
      items: db.prepare(`SELECT id, status, outcome, trigger_id, version, started_at, updated_at, ended_at
        FROM instances WHERE workflow_id = ? AND started_at < ? AND (ended_at IS NULL OR ended_at >= ?)
          AND (started_at > ? OR (started_at = ? AND id > ?))
        ORDER BY started_at, id LIMIT ?`),
      tasks: db.prepare(`SELECT rowid, id, instance_id, node_id, visit, lane, status, assignee, created_at,
          completed_at, completed_by, verdict, json_extract(spec, '$.suggestion') AS suggestion
        FROM tasks WHERE rowid > ? AND workflow_id = ? AND created_at < ? AND (completed_at IS NULL OR completed_at >= ?)
        ORDER BY rowid LIMIT ?`),
      actor: db.prepare('SELECT actor FROM audit WHERE instance_id = ? AND action = ? ORDER BY seq LIMIT 1'),
      documents: db.prepare('SELECT document FROM deployments WHERE workflow_id = ? ORDER BY version'),
    }
  }

  /** Items (instances) alive at some time in the window, by start time. */
  items(workflowId: string, window: TimeWindow): Generator<StoredItem[]> {
    return pagesByKey(
      this.pageSize,
      { at: -1, id: '' },
      (after) =>
        this.sql.items.all(
          workflowId,
          window.to,
          window.from,
          after.at,
          after.at,
          after.id,
          this.pageSize,
        ) as StoredItem[],
      (last) => ({ at: last.started_at, id: last.id }),
    )
  }

  /** Tasks open at some time in the window (a task's life lies within its item's). */
  tasks(workflowId: string, window: TimeWindow): Generator<StoredTask[]> {
    return pagesByKey(
      this.pageSize,
      0,
      (after) => this.sql.tasks.all(after, workflowId, window.to, window.from, this.pageSize) as StoredTask[],
      (last) => last.rowid,
    )
  }

  /** Who did what the audit row of an instance's event names (`instance.start`, `instance.cancel`). */
  actor(instanceId: string, action: string): string | undefined {
    return (this.sql.actor.get(instanceId, action) as { actor: string } | undefined)?.actor
  }

  /**
   * The names of the nodes of every deployed version, the latest winning (a node's id is its
   * identity across versions); a label two nodes share gets the node's id beside it.
   */
  nodeNames(workflowId: string): Map<string, NodeName> {
    const latest = new Map<string, { label: string; kind: NodeKind }>()
    for (const row of this.sql.documents.all(workflowId) as Array<{ document: string }>) {
      for (const node of (JSON.parse(row.document) as WorkflowDocument).nodes)
        latest.set(node.id, { label: node.data.label, kind: node.type })
    }
    const uses = new Map<string, number>()
    for (const { label } of latest.values()) uses.set(label, (uses.get(label) ?? 0) + 1)
    const names = new Map<string, NodeName>()
    for (const [id, { label, kind }] of latest) {
      names.set(id, { name: uses.get(label)! > 1 ? `${label} (${id})` : label, kind })
    }
    return names
  }
}
