import type { EventType } from '@conveyor/shared/protocol/event-log'
import type { Db } from '../store/database'
import type { EndedItem } from './guardrail-figures'

interface ItemRow {
  id: string
  status: string
  started_at: number
  ended_at: number | null
}

interface EventRow {
  instance_id: string
  type: EventType
  detail: string | null
}

/**
 * Items that ended on a version, as the guardrails count them: finished (a cancelled one says
 * nothing about the version) or stopped in an incident, which is an error whether or not anyone
 * resolves it.
 */
const ended = `i.workflow_id = ? AND i.version = ? AND i.started_at >= ?
  AND i.status IN ('completed', 'failed', 'rejected', 'incident')`

/** Reads a version's ended items from the event log of its instances. */
export class EndedItems {
  private readonly sql

  constructor(db: Db) {
    this.sql = {
      items: db.prepare(`SELECT i.id, i.status, i.started_at, i.ended_at FROM instances i WHERE ${ended}`),
      events: db.prepare(`SELECT e.instance_id, e.type, e.detail
        FROM instances i JOIN events e ON e.instance_id = i.id
        WHERE ${ended} AND e.type IN ('failed', 'task.completed', 'sla.breached', 'assistant.fallback')`),
    }
  }

  /** The items of `version` of the workflow started at or after `since`. */
  of(workflowId: string, version: number, since: number): EndedItem[] {
    const items = new Map<string, EndedItem>()
    for (const row of this.sql.items.all(workflowId, version, since) as ItemRow[]) {
      items.set(row.id, {
        leadTimeMs: row.ended_at === null ? null : row.ended_at - row.started_at,
        failed: row.status === 'incident',
        reviewed: 0,
        overridden: 0,
        slaBreached: false,
        fellBack: false,
      })
    }
    for (const row of this.sql.events.iterate(workflowId, version, since) as IterableIterator<EventRow>) {
      const item = items.get(row.instance_id)
      if (!item) continue
      if (row.type === 'failed') item.failed = true
      else if (row.type === 'sla.breached') item.slaBreached = true
      else if (row.type === 'assistant.fallback') item.fellBack = true
      else {
        const detail = row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : {}
        if (detail.fallback === true) item.fellBack = true
        if (detail.verdict) {
          item.reviewed++
          if (detail.verdict === 'override') item.overridden++
        }
      }
    }
    return [...items.values()]
  }
}
