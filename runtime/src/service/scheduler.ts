import type { Writer } from '../store/writer'
import { nextTick, plannedTick, type ScheduleRow, type ScheduleRows } from './schedule-rows'
import type { StartInstanceRequest } from './types'

/** Longest sleep: a moved clock or a row written by another process is seen within this. */
const maxSleepMs = 30_000

/**
 * Starts instances of deployed workflows on their schedule triggers. Each schedule is a row with
 * the absolute time of its next tick (`ScheduleRows`), so a tick that fell due while the server
 * was down is seen when it starts. Catch-up policy: however many ticks were missed, the schedule
 * runs once, for the latest of them, then continues from the next tick after now.
 *
 * A tick is marked fired in the same transaction as the start it does (the writer commits both
 * in one batch), so it fires once across restarts; the start's idempotency key
 * `schedule:<trigger>:<planned time>` keeps the tick from starting twice.
 */
export class Scheduler {
  private handle: NodeJS.Timeout | undefined
  private wakeAt = Number.POSITIVE_INFINITY
  private running = false
  /** Schedules whose fired tick is not committed yet: the row still shows it due. */
  private readonly firing = new Set<string>()
  /**
   * The tick reading the due rows, if one is: ticks run one after another, so no tick acts on rows
   * read before another tick's fired tick committed (and `firing` forgot it).
   */
  private ticking: Promise<void> | undefined
  private tickAgain = false

  constructor(
    private readonly rows: ScheduleRows,
    private readonly writer: Writer,
    private readonly now: () => number,
    private readonly start: (request: StartInstanceRequest) => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Brings every schedule row in line with the deployments, then fires what is due. */
  async startAll(): Promise<void> {
    await this.rows.reconcileAll(this.now())
    await this.writer.committed()
    this.running = true
    await this.tick()
  }

  /** Re-reads the workflow's latest deployment (after a deploy or a delete). */
  async refresh(workflowId: string): Promise<void> {
    await this.rows.reconcile(workflowId, this.now())
    await this.writer.committed()
    await this.tick()
  }

  stopAll(): void {
    this.running = false
    clearTimeout(this.handle)
    this.handle = undefined
  }

  /**
   * Fires every schedule that is due now (the loop calls it; tests with a moved clock too). A tick
   * asked for while one runs runs once more after it; the promise resolves when that one is done.
   */
  tick(): Promise<void> {
    if (this.ticking) {
      this.tickAgain = true
      return this.ticking
    }
    this.ticking = (async () => {
      try {
        do {
          this.tickAgain = false
          await this.fireDue()
        } while (this.tickAgain)
      } catch (error) {
        this.onError(error)
      } finally {
        this.ticking = undefined
      }
    })()
    return this.ticking
  }

  private async fireDue(): Promise<void> {
    if (!this.running) return
    this.wakeAt = Number.POSITIVE_INFINITY
    const now = this.now()
    const due = await this.rows.due(now)
    const next = await this.rows.nextDueAfter(now)
    // Stopped while reading (a failed commit, closing): nothing more fires.
    if (!this.running) return
    for (const row of due) {
      if (!this.firing.has(keyOf(row))) this.fire(row, now)
    }
    this.arm(next ?? now + maxSleepMs)
  }

  private wake(at: number): void {
    if (this.running && at < this.wakeAt) this.arm(at)
  }

  private arm(at: number): void {
    clearTimeout(this.handle)
    this.wakeAt = at
    const delay = Math.min(Math.max(0, at - this.now()), maxSleepMs)
    this.handle = setTimeout(() => void this.tick(), delay)
    this.handle.unref()
  }

  private fire(row: ScheduleRow, now: number): void {
    const key = keyOf(row)
    let planned: number
    let next: number | null
    try {
      planned = plannedTick(row, now)
      next = nextTick(row, now)
    } catch (error) {
      this.onError(new Error(`schedule ${key} cannot be read: ${(error as Error).message}`))
      return
    }
    this.firing.add(key)
    // Both writes below land in the open batch, so the tick and its start commit together.
    this.rows.markFired(row, planned, next, now)
    this.writer.afterCommit(() => {
      this.firing.delete(key)
      if (next !== null) this.wake(next)
    })
    const at = new Date(planned).toISOString()
    this.start({
      workflowId: row.workflow_id,
      trigger: row.trigger_id,
      input: { scheduledAt: at },
      idempotencyKey: `schedule:${row.trigger_id}:${at}`,
      by: 'schedule',
    }).catch(this.onError)
  }
}

const keyOf = (row: ScheduleRow) => `${row.workflow_id}/${row.trigger_id}`
