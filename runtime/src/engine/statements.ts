import type { Db } from '../store/database'
import type { BatchWriter } from './engine-parts'

/** The engine's own prepared statements (each table part prepares its own), prepared once per store. */
export class EngineStatements {
  readonly instance
  readonly pendingOutbox

  constructor(db: Db) {
    this.instance = db.prepare('SELECT * FROM instances WHERE id = ?')
    this.pendingOutbox = db.prepare("SELECT * FROM outbox WHERE status = 'pending' ORDER BY created_at")
  }
}

/** A finished instance leaves no pending work behind. */
export function closeInstanceWork(writer: Pick<BatchWriter, 'write'>, instanceId: string, now: number): void {
  writer.write(
    "UPDATE outbox SET status = 'cancelled', updated_at = ? WHERE instance_id = ? AND status = 'pending'",
    [now, instanceId],
  )
  writer.write(
    "UPDATE tasks SET status = 'cancelled', completed_at = ? WHERE instance_id = ? AND status IN ('open', 'claimed')",
    [now, instanceId],
  )
  writer.write("UPDATE timers SET status = 'stale' WHERE instance_id = ? AND status = 'pending'", [
    instanceId,
  ])
  writer.write(
    "UPDATE incidents SET status = 'cancelled', resolved_at = ? WHERE instance_id = ? AND status = 'open'",
    [now, instanceId],
  )
}
