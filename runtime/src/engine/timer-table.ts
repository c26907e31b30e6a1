import type { Db } from '../store/database'
import type { BatchWriter } from './engine-parts'
import { workId, type LiveInstance } from './live-instance'

export type TimerKind = 'retry' | 'delay' | 'sla'

export interface TimerRow {
  id: string
  instance_id: string
  node_id: string
  visit: number
  kind: TimerKind
  due_at: number
  attempt: number
}

/**
 * Timers are rows with absolute due times (XState's `after` does not survive a restore). The
 * table records them in the open batch; `TimerLoop` fires them.
 */
export class TimerTable {
  private readonly dueRows
  private readonly next
  private readonly pendingRetry

  /** `scheduled` is told each new due time once its row is committed (the loop reads rows, not memory). */
  constructor(
    db: Db,
    private readonly writer: BatchWriter,
    private readonly scheduled: (dueAt: number) => void,
  ) {
    this.dueRows = db.prepare(
      "SELECT * FROM timers WHERE status = 'pending' AND due_at <= ? ORDER BY due_at LIMIT 500",
    )
    this.next = db.prepare("SELECT MIN(due_at) AS due FROM timers WHERE status = 'pending'")
    this.pendingRetry = db.prepare(
      "SELECT 1 FROM timers WHERE instance_id = ? AND node_id = ? AND visit = ? AND kind = 'retry' AND status = 'pending'",
    )
  }

  schedule(
    live: LiveInstance,
    nodeId: string,
    visit: number,
    kind: TimerKind,
    dueAt: number,
    attempt = 0,
  ): void {
    const id = `${workId(live, nodeId, visit)}:${kind}:${attempt}`
    // A timer already scheduled under this id (the same visit's same attempt) stays as it is.
    this.writer.write(
      `INSERT INTO timers (id, instance_id, node_id, visit, kind, due_at, status, attempt)
        VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (id) DO NOTHING`,
      [id, live.id, nodeId, visit, kind, dueAt, attempt],
    )
    this.writer.afterCommit(() => this.scheduled(dueAt))
  }

  /** Marks the timer fired (or stale), in the same batch as what firing it does. */
  settle(id: string, status: 'fired' | 'stale', now: number): void {
    this.writer.write("UPDATE timers SET status = ?, fired_at = ? WHERE id = ? AND status = 'pending'", [
      status,
      now,
      id,
    ])
  }

  due(now: number): TimerRow[] {
    return this.dueRows.all(now) as TimerRow[]
  }

  nextDue(): number | null {
    return (this.next.get() as { due: number | null }).due
  }

  /** A retry waits for its timer: the outbox row alone must not run the work again. */
  hasPendingRetry(instanceId: string, nodeId: string, visit: number): boolean {
    return this.pendingRetry.get(instanceId, nodeId, visit) !== undefined
  }
}
