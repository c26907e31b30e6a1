import type { EventType } from '@conveyor/shared/protocol/event-log'
import type { SqlExecutor } from '../sql'

/** An item of a version that ended, as the pilot guardrails read it. */
export interface EndedItemRow {
  id: string
  status: string
  started_at: number
  ended_at: number | null
}

/** An event of such an item that tells how its work went. */
export interface EndedItemEventRow {
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

/** The ended items of `version` of the workflow started at or after `since`. */
export function endedItemsOf(
  sql: SqlExecutor,
  workflowId: string,
  version: number,
  since: number,
): Promise<EndedItemRow[]> {
  return sql.all<EndedItemRow>(
    `SELECT i.id, i.status, i.started_at, i.ended_at FROM instances i WHERE ${ended}`,
    [workflowId, version, since],
  )
}

/** Their events that say an item failed, was reviewed, breached its SLA or fell back to people. */
export function endedItemEventsOf(
  sql: SqlExecutor,
  workflowId: string,
  version: number,
  since: number,
): Promise<EndedItemEventRow[]> {
  return sql.all<EndedItemEventRow>(
    `SELECT e.instance_id, e.type, e.detail FROM instances i JOIN events e ON e.instance_id = i.id
    WHERE ${ended} AND e.type IN ('failed', 'task.completed', 'sla.breached', 'assistant.fallback')`,
    [workflowId, version, since],
  )
}

/** Instances started per deployment version of a workflow, by version. */
export function instancesPerVersion(
  sql: SqlExecutor,
  workflowId: string,
): Promise<Array<{ version: number; n: number }>> {
  return sql.all(
    'SELECT version, COUNT(*) AS n FROM instances WHERE workflow_id = ? GROUP BY version ORDER BY version',
    [workflowId],
  )
}
