import { endedItemEventsOf, endedItemsOf } from '../store/repositories/ended-item-rows'
import type { SqlExecutor } from '../store/sql'
import type { EndedItem } from './guardrail-figures'

/** Reads a version's ended items from the event log of its instances. */
export class EndedItems {
  constructor(private readonly sql: SqlExecutor) {}

  /** The items of `version` of the workflow started at or after `since`. */
  async of(workflowId: string, version: number, since: number): Promise<EndedItem[]> {
    const items = new Map<string, EndedItem>()
    for (const row of await endedItemsOf(this.sql, workflowId, version, since)) {
      items.set(row.id, {
        leadTimeMs: row.ended_at === null ? null : row.ended_at - row.started_at,
        failed: row.status === 'incident',
        reviewed: 0,
        overridden: 0,
        slaBreached: false,
        fellBack: false,
      })
    }
    for (const row of await endedItemEventsOf(this.sql, workflowId, version, since)) {
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
