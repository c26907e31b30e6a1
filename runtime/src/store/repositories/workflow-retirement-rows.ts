import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'

/** Rows of one workflow in `table`, those matching `where` only when given. */
export interface WorkflowOwnedRows {
  table: string
  where?: string
}

const condition = (rows: WorkflowOwnedRows) =>
  `workflow_id = ?${rows.where === undefined ? '' : ` AND ${rows.where}`}`

/** How many such rows the workflow has now. */
export async function countWorkflowRows(
  sql: SqlExecutor,
  rows: WorkflowOwnedRows,
  workflowId: string,
): Promise<number> {
  const row = await sql.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM ${rows.table} WHERE ${condition(rows)}`,
    [workflowId],
  )
  return row?.n ?? 0
}

/** Deletes such rows of the workflow. */
export function deleteWorkflowRows(rows: WorkflowOwnedRows, workflowId: string): SqlWrite {
  return { sql: `DELETE FROM ${rows.table} WHERE ${condition(rows)}`, params: [workflowId] }
}
