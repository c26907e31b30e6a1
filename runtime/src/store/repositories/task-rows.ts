import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'
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

/** A new open task of a node's visit, as the batch writes it. */
export function insertTask(
  task: Pick<
    TaskRow,
    | 'id'
    | 'instance_id'
    | 'workflow_id'
    | 'deployment_id'
    | 'node_id'
    | 'visit'
    | 'lane'
    | 'spec'
    | 'due_at'
    | 'created_at'
  >,
): SqlWrite {
  return {
    sql: `INSERT INTO tasks (id, instance_id, workflow_id, deployment_id, node_id, visit, lane,
      status, spec, due_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
    params: [
      task.id,
      task.instance_id,
      task.workflow_id,
      task.deployment_id,
      task.node_id,
      task.visit,
      task.lane,
      task.spec,
      task.due_at,
      task.created_at,
    ],
  }
}

/** The instance left the node: its tasks still open there are cancelled. */
export function cancelOpenTasksAt(instanceId: string, nodeId: string, now: number): SqlWrite {
  return {
    sql: `UPDATE tasks SET status = 'cancelled', completed_at = ?
      WHERE instance_id = ? AND node_id = ? AND status IN ('open', 'claimed')`,
    params: [now, instanceId, nodeId],
  }
}

/** Open tasks of the node's visit go to `lane`'s inbox (they stay open). */
export function escalateOpenTasks(instanceId: string, nodeId: string, visit: number, lane: string): SqlWrite {
  return {
    sql: `UPDATE tasks SET escalated_to = ?
      WHERE instance_id = ? AND node_id = ? AND visit = ? AND status IN ('open', 'claimed')`,
    params: [lane, instanceId, nodeId, visit],
  }
}

/** The task's state after a person's action (claimed, released, completed, rejected). */
export function updateTask(next: TaskRow): SqlWrite {
  return {
    sql: `UPDATE tasks SET status = ?, assignee = ?, claimed_at = ?, completed_at = ?, completed_by = ?,
      result = ?, branch = ?, verdict = ? WHERE id = ?`,
    params: [
      next.status,
      next.assignee,
      next.claimed_at,
      next.completed_at,
      next.completed_by,
      next.result,
      next.branch,
      next.verdict,
      next.id,
    ],
  }
}
