import {
  dueTimers,
  dueTimersAfter,
  nextTimerDue,
  nextTimerDueAfter,
  scheduleTimer,
  settleTimer,
  type TimerKind,
  type TimerRow,
} from '../store/repositories/timer-rows'
import type { SqlExecutor } from '../store/sql'
import type { BatchWriter } from './engine-parts'
import { workId, type LiveInstance } from './live-instance'
import type { OwnedParts } from './owned-parts'

export type { TimerKind, TimerRow }

/** How many due timers one tick reads (and fires) at most; the next tick takes the rest. */
const dueBatch = 500

/**
 * Timers are rows with absolute due times (XState's `after` does not survive a restore). The
 * table records them in the open batch; `TimerLoop` fires them. Only the timers of instances in
 * owned partitions are due here: the other partitions' owners fire theirs.
 */
export class TimerTable {
  /** The last read of due timers left some of the owned ones unread: they are due at once. */
  private moreDue = false

  /** `scheduled` is told each new due time once its row is committed (the loop reads rows, not memory). */
  constructor(
    private readonly sql: SqlExecutor,
    private readonly writer: BatchWriter,
    private readonly owned: Pick<OwnedParts, 'all' | 'ownsInstance'>,
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

  /** The owned partitions' timers due at `now`, earliest first, at most a batch of them. */
  async due(now: number): Promise<TimerRow[]> {
    if (this.owned.all) return dueTimers(this.sql, now, dueBatch)
    // Other partitions' due timers, which their owners are about to fire, must not hide ours.
    const mine: TimerRow[] = []
    let after: TimerRow | undefined
    for (;;) {
      const page = await dueTimersAfter(this.sql, now, dueBatch, after)
      for (const row of page) if (this.owned.ownsInstance(row.instance_id)) mine.push(row)
      const readAll = page.length < dueBatch
      if (mine.length >= dueBatch || readAll) {
        this.moreDue = mine.length > dueBatch || (mine.length === dueBatch && !readAll)
        return mine.slice(0, dueBatch)
      }
      after = page[page.length - 1]
    }
  }

  /**
   * When the next timer falls due, after a `due` read at `now`; null when none is pending. With
   * partitions owned by others, only timers due after `now` count (those due by then were read,
   * and the others' owners fire theirs): their overdue timers must not keep waking this loop.
   */
  nextDue(now: number): Promise<number | null> {
    if (this.owned.all) return nextTimerDue(this.sql)
    if (this.moreDue) return Promise.resolve(now)
    return nextTimerDueAfter(this.sql, now)
  }
}
