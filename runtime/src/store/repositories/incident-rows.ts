import type { IncidentStatus } from '@conveyor/shared/protocol/api'
import type { SqlExecutor } from '../sql'
import { idList } from './id-list'

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

export function incidentRow(sql: SqlExecutor, incidentId: string): Promise<IncidentRow | undefined> {
  return sql.get<IncidentRow>('SELECT * FROM incidents WHERE id = ?', [incidentId])
}

/** The nodes with an open incident, of each of the instances. */
export function openIncidentNodes(
  sql: SqlExecutor,
  instanceIds: readonly string[],
): Promise<Array<{ instance_id: string; node_id: string }>> {
  const { marks, params } = idList(instanceIds)
  return sql.all(
    `SELECT instance_id, node_id FROM incidents WHERE instance_id IN (${marks}) AND status = 'open'`,
    params,
  )
}
