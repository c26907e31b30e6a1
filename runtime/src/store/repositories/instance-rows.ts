import type { InstanceStatus } from '@conveyor/shared/protocol/api'
import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'
import { idList } from './id-list'

/** An instance as stored: its machine's snapshot and visit counts are JSON text. */
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
  visits: string
  started_at: number
  updated_at: number
  ended_at: number | null
  /** How many events of it the log holds (its events are numbered 1…n in `events.instance_seq`). */
  event_seq: number
}

export function instanceRow(sql: SqlExecutor, instanceId: string): Promise<InstanceRow | undefined> {
  return sql.get<InstanceRow>('SELECT * FROM instances WHERE id = ?', [instanceId])
}

/** The rows of those of `instanceIds` that exist, in no particular order. */
export function instanceRowsIn(sql: SqlExecutor, instanceIds: readonly string[]): Promise<InstanceRow[]> {
  const { marks, params } = idList(instanceIds)
  return sql.all<InstanceRow>(`SELECT * FROM instances WHERE id IN (${marks})`, params)
}

/** A finished instance leaves no pending work behind: its outbox, tasks, timers and incidents close. */
export function closeInstanceWork(instanceId: string, now: number): SqlWrite[] {
  return [
    {
      sql: "UPDATE outbox SET status = 'cancelled', updated_at = ? WHERE instance_id = ? AND status = 'pending'",
      params: [now, instanceId],
    },
    {
      sql: "UPDATE tasks SET status = 'cancelled', completed_at = ? WHERE instance_id = ? AND status IN ('open', 'claimed')",
      params: [now, instanceId],
    },
    {
      sql: "UPDATE timers SET status = 'stale' WHERE instance_id = ? AND status = 'pending'",
      params: [instanceId],
    },
    {
      sql: "UPDATE incidents SET status = 'cancelled', resolved_at = ? WHERE instance_id = ? AND status = 'open'",
      params: [now, instanceId],
    },
  ]
}
