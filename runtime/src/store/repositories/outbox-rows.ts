import type { SqlExecutor } from '../sql'

/** Work recorded for a node's visit and not yet done. */
export interface PendingWork {
  instance_id: string
  node_id: string
  visit: number
  attempts: number
}

/**
 * Pending outbox work to run again after a start, oldest first: all of it but the work that waits
 * for its retry timer (the outbox row alone must not run it before the timer falls due).
 */
export function pendingWorkToResume(sql: SqlExecutor): Promise<PendingWork[]> {
  return sql.all<PendingWork>(
    `SELECT o.instance_id, o.node_id, o.visit, o.attempts FROM outbox o
      WHERE o.status = 'pending' AND NOT EXISTS (SELECT 1 FROM timers t
        WHERE t.instance_id = o.instance_id AND t.node_id = o.node_id AND t.visit = o.visit
          AND t.kind = 'retry' AND t.status = 'pending')
      ORDER BY o.created_at`,
  )
}
