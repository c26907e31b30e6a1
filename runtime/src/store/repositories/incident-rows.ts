import type { IncidentStatus } from '@conveyor/shared/protocol/api'
import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'
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

/** A step that failed for good with no exception path, waiting for an operator. */
export function insertIncident(
  incident: Pick<
    IncidentRow,
    'id' | 'instance_id' | 'workflow_id' | 'node_id' | 'visit' | 'error' | 'attempts' | 'created_at'
  >,
): SqlWrite {
  return {
    sql: `INSERT INTO incidents (id, instance_id, workflow_id, node_id, visit, error, attempts, status, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
    params: [
      incident.id,
      incident.instance_id,
      incident.workflow_id,
      incident.node_id,
      incident.visit,
      incident.error,
      incident.attempts,
      incident.created_at,
    ],
  }
}

export function resolveIncident(
  incidentId: string,
  status: Exclude<IncidentStatus, 'open'>,
  at: number,
  by: string,
): SqlWrite {
  return {
    sql: 'UPDATE incidents SET status = ?, resolved_at = ?, resolved_by = ? WHERE id = ?',
    params: [status, at, by, incidentId],
  }
}
