import type { NodeKind } from '@conveyor/shared'
import { EventPages, pagesByKey, type TimeWindow } from '../store/event-pages'
import { deployedDocuments } from '../store/repositories/deployment-documents'
import {
  beforeAll,
  firstActor,
  itemsAliveIn,
  tasksOpenIn,
  type StoredItem,
  type StoredTask,
} from '../store/repositories/export-rows'
import type { SqlExecutor } from '../store/sql'

export type { StoredItem, StoredTask }

/** A node as the export names it: its label, made unique within the workflow. */
export interface NodeName {
  name: string
  kind: NodeKind
}

/**
 * The store as the event-log export reads it: every read is one bounded page (`LIMIT`), fetched
 * whole, so no statement stays open while the response waits for its reader and the writer's
 * commits go on meanwhile. Paging is by key (`seq`, or start time and id), never by offset.
 */
export class LogStore {
  /** The events, read the same way. */
  readonly events: EventPages

  constructor(
    private readonly sql: SqlExecutor,
    private readonly pageSize: number,
  ) {
    this.events = new EventPages(sql, pageSize)
  }

  /** Items (instances) alive at some time in the window, by start time. */
  items(workflowId: string, window: TimeWindow): AsyncGenerator<StoredItem[]> {
    return pagesByKey(
      this.pageSize,
      beforeAll,
      (after) => itemsAliveIn(this.sql, workflowId, window, after, this.pageSize),
      (last) => ({ at: last.started_at, id: last.id }),
    )
  }

  /** Tasks open at some time in the window (a task's life lies within its item's), by creation time. */
  tasks(workflowId: string, window: TimeWindow): AsyncGenerator<StoredTask[]> {
    return pagesByKey(
      this.pageSize,
      beforeAll,
      (after) => tasksOpenIn(this.sql, workflowId, window, after, this.pageSize),
      (last) => ({ at: last.created_at, id: last.id }),
    )
  }

  /** Who did what the audit row of an instance's event names (`instance.start`, `instance.cancel`). */
  actor(instanceId: string, action: string): Promise<string | undefined> {
    return firstActor(this.sql, instanceId, action)
  }

  /**
   * The names of the nodes of every deployed version, the latest winning (a node's id is its
   * identity across versions); a label two nodes share gets the node's id beside it.
   */
  async nodeNames(workflowId: string): Promise<Map<string, NodeName>> {
    const latest = new Map<string, { label: string; kind: NodeKind }>()
    for (const document of await deployedDocuments(this.sql, workflowId)) {
      for (const node of document.nodes) latest.set(node.id, { label: node.data.label, kind: node.type })
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
