import {
  dueTimers,
  nextTimerDue,
  scheduleTimer,
  settleTimer,
  type TimerKind,
  type TimerRow,
} from '../store/repositories/timer-rows'
import type { SqlExecutor } from '../store/sql'
import type { BatchWriter } from './engine-parts'
import { workId, type LiveInstance } from './live-instance'

export type { TimerKind, TimerRow }

/** How many due timers one tick reads (and fires) at most; the next tick takes the rest. */
const dueBatch = 500

/**
 * Timers are rows with absolute due times (XState's `after` does not survive a restore). The
 * table records them in the open batch; `TimerLoop` fires them.
 */
export class TimerTable {
  /** `scheduled` is told each new due time once its row is committed (the loop reads rows, not memory). */
  constructor(
    private readonly sql: SqlExecutor,
    private readonly writer: BatchWriter,
    private readonly scheduled: (dueAt: number) => void,
  ) {}

  schedule(
    live: LiveInstance,
    nodeId: string,
    visit: number,
    kind: TimerKind,
    dueAt: number,
    attempt = 0,
  ): void {
    const id = `${workId(live, nodeId, visit)}:${kind}:${attempt}`
    const row = { id, instance_id: live.id, node_id: nodeId, visit, kind, due_at: dueAt, attempt }
    const { sql, params } = scheduleTimer(row)
    this.writer.write(sql, params)
    this.writer.afterCommit(() => this.scheduled(dueAt))
  }

  /** Marks the timer fired (or stale), in the same batch as what firing it does. */
  settle(id: string, status: 'fired' | 'stale', now: number): void {
    const { sql, params } = settleTimer(id, status, now)
    this.writer.write(sql, params)
  }

  due(now: number): Promise<TimerRow[]> {
    return dueTimers(this.sql, now, dueBatch)
  }

  nextDue(): Promise<number | null> {
    return nextTimerDue(this.sql)
  }
}
