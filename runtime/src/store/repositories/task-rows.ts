import type { SqlExecutor } from '../sql'
import { idList } from './id-list'

/** A task as stored: its `spec` (what a person needs to act) and `result` are JSON text. */
export interface TaskRow {
  id: string
  instance_id: string
  workflow_id: string
  deployment_id: string
  node_id: string
  visit: number
  lane: string | null
  escalated_to: string | null
  status: string
  assignee: string | null
  spec: string
  due_at: number | null
  created_at: number
  claimed_at: number | null
  completed_at: number | null
  completed_by: string | null
  result: string | null
  branch: string | null
  verdict: string | null
}

export function taskRow(sql: SqlExecutor, taskId: string): Promise<TaskRow | undefined> {
  return sql.get<TaskRow>('SELECT * FROM tasks WHERE id = ?', [taskId])
}

/** The nodes where each of the instances has an open (or claimed) task. */
export function openTaskNodes(
  sql: SqlExecutor,
  instanceIds: readonly string[],
): Promise<Array<{ instance_id: string; node_id: string }>> {
  const { marks, params } = idList(instanceIds)
  return sql.all(
    `SELECT DISTINCT instance_id, node_id FROM tasks
      WHERE instance_id IN (${marks}) AND status IN ('open', 'claimed')`,
    params,
  )
}
