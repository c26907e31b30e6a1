import type { StoredAuditRow } from '../audit-chain'
import type { SqlExecutor } from '../sql'

/** The highest audit `seq` now: a read that must not chase later appends ends there. */
export async function lastAuditSeq(sql: SqlExecutor): Promise<number> {
  const row = await sql.get<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM audit')
  return row?.seq ?? 0
}

/** Up to `limit` audit rows after `after` and at most `until`, in `seq` order (a keyset page). */
export function auditPage(
  sql: SqlExecutor,
  after: number,
  until: number,
  limit: number,
): Promise<StoredAuditRow[]> {
  return sql.all<StoredAuditRow>('SELECT * FROM audit WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?', [
    after,
    until,
    limit,
  ])
}

/** The latest `limit` audit rows of a workflow's node with one of `actions`, newest first. */
export function nodeAuditRows(
  sql: SqlExecutor,
  workflowId: string,
  nodeId: string,
  actions: readonly string[],
  limit: number,
): Promise<StoredAuditRow[]> {
  const listed = actions.map(() => '?').join(', ')
  return sql.all<StoredAuditRow>(
    `SELECT * FROM audit WHERE workflow_id = ? AND action IN (${listed}) AND node_id = ?
      ORDER BY seq DESC LIMIT ?`,
    [workflowId, ...actions, nodeId, limit],
  )
}

/** The latest `limit` audit rows about the workflow itself (no instance) with one of `actions`, newest first. */
export function workflowAuditRows(
  sql: SqlExecutor,
  workflowId: string,
  actions: readonly string[],
  limit: number,
): Promise<StoredAuditRow[]> {
  const listed = actions.map(() => '?').join(', ')
  return sql.all<StoredAuditRow>(
    `SELECT * FROM audit WHERE workflow_id = ? AND action IN (${listed}) AND instance_id IS NULL
      ORDER BY seq DESC LIMIT ?`,
    [workflowId, ...actions, limit],
  )
}
