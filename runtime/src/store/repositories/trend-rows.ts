import { endedItemEventTypes, type EndedItemEvent } from '../../metrics/ended-items'
import type { SqlExecutor } from '../sql'

/** An item that ended in a range, once per event its figures need (or once, with no event). */
export interface EndedItemTrendRow {
  id: string
  started_at: number
  ended_at: number
  type: EndedItemEvent['type'] | null
  node_id: string | null
  detail: string | null
}

const types = endedItemEventTypes.map((type) => `'${type}'`).join(', ')

/**
 * The items of a workflow that ended in [from, to), each with the events an ended item's figures
 * are made of: by end time (indexed), then each item's events through the log's index by instance.
 */
export function itemsEndedIn(
  sql: SqlExecutor,
  workflowId: string,
  from: number,
  to: number,
): Promise<EndedItemTrendRow[]> {
  return sql.all<EndedItemTrendRow>(
    `SELECT i.id, i.started_at, i.ended_at, e.type, e.node_id, e.detail
    FROM instances i LEFT JOIN events e ON e.instance_id = i.id AND e.type IN (${types})
    WHERE i.workflow_id = ? AND i.ended_at >= ? AND i.ended_at < ?`,
    [workflowId, from, to],
  )
}
