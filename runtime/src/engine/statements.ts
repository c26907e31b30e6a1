import type { Db } from '../store/database'

/** The engine's prepared statements, prepared once per store. */
export class EngineStatements {
  readonly instance
  readonly openIncidentNodes
  readonly pendingOutbox
  readonly pendingRetryTimer
  readonly insertTimer
  readonly fireTimer
  readonly dueTimers
  readonly nextDue
  readonly insertTask
  readonly task
  readonly cancelNodeTasks
  readonly escalateTasks
  readonly updateTask
  readonly insertIncident
  readonly resolveIncident
  private readonly cancelOutbox
  private readonly cancelTasks
  private readonly staleTimers
  private readonly cancelIncidents

  constructor(db: Db) {
    this.instance = db.prepare('SELECT * FROM instances WHERE id = ?')
    this.openIncidentNodes = db.prepare(
      "SELECT node_id FROM incidents WHERE instance_id = ? AND status = 'open'",
    )
    this.pendingOutbox = db.prepare("SELECT * FROM outbox WHERE status = 'pending' ORDER BY created_at")
    this.pendingRetryTimer = db.prepare(
      "SELECT 1 FROM timers WHERE instance_id = ? AND node_id = ? AND visit = ? AND kind = 'retry' AND status = 'pending'",
    )
    this.insertTimer =
      db.prepare(`INSERT OR IGNORE INTO timers (id, instance_id, node_id, visit, kind, due_at, status, attempt)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`)
    this.fireTimer = db.prepare(
      "UPDATE timers SET status = ?, fired_at = ? WHERE id = ? AND status = 'pending'",
    )
    this.dueTimers = db.prepare(
      "SELECT * FROM timers WHERE status = 'pending' AND due_at <= ? ORDER BY due_at LIMIT 500",
    )
    this.nextDue = db.prepare("SELECT MIN(due_at) AS due FROM timers WHERE status = 'pending'")
    this.insertTask =
      db.prepare(`INSERT INTO tasks (id, instance_id, workflow_id, deployment_id, node_id, visit, lane,
        status, spec, due_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`)
    this.task = db.prepare('SELECT * FROM tasks WHERE id = ?')
    this.cancelNodeTasks = db.prepare(`UPDATE tasks SET status = 'cancelled', completed_at = ?
      WHERE instance_id = ? AND node_id = ? AND status IN ('open', 'claimed')`)
    this.escalateTasks = db.prepare(`UPDATE tasks SET escalated_to = ?
      WHERE instance_id = ? AND node_id = ? AND visit = ? AND status IN ('open', 'claimed')`)
    this.updateTask =
      db.prepare(`UPDATE tasks SET status = @status, assignee = @assignee, claimed_at = @claimedAt,
        completed_at = @completedAt, completed_by = @completedBy, result = @result, branch = @branch, verdict = @verdict
      WHERE id = @id`)
    this.insertIncident =
      db.prepare(`INSERT INTO incidents (id, instance_id, workflow_id, node_id, visit, error, attempts,
        status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)`)
    this.resolveIncident = db.prepare(
      'UPDATE incidents SET status = ?, resolved_at = ?, resolved_by = ? WHERE id = ?',
    )
    this.cancelOutbox = db.prepare(
      "UPDATE outbox SET status = 'cancelled', updated_at = ? WHERE instance_id = ? AND status = 'pending'",
    )
    this.cancelTasks = db.prepare(
      "UPDATE tasks SET status = 'cancelled', completed_at = ? WHERE instance_id = ? AND status IN ('open', 'claimed')",
    )
    this.staleTimers = db.prepare(
      "UPDATE timers SET status = 'stale' WHERE instance_id = ? AND status = 'pending'",
    )
    this.cancelIncidents = db.prepare(
      "UPDATE incidents SET status = 'cancelled', resolved_at = ? WHERE instance_id = ? AND status = 'open'",
    )
  }

  /** A finished instance leaves no pending work behind. */
  closeInstanceWork(instanceId: string, now: number): void {
    this.cancelOutbox.run(now, instanceId)
    this.cancelTasks.run(now, instanceId)
    this.staleTimers.run(instanceId)
    this.cancelIncidents.run(now, instanceId)
  }
}
