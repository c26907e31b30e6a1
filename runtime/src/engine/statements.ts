import type { Db } from '../store/database'

/** The engine's own prepared statements (each table part prepares its own), prepared once per store. */
export class EngineStatements {
  readonly instance
  readonly pendingOutbox
  private readonly cancelOutbox
  private readonly cancelTasks
  private readonly staleTimers
  private readonly cancelIncidents

  constructor(db: Db) {
    this.instance = db.prepare('SELECT * FROM instances WHERE id = ?')
    this.pendingOutbox = db.prepare("SELECT * FROM outbox WHERE status = 'pending' ORDER BY created_at")
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
