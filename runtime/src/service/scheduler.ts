import type { Writer } from '../store/writer'
import { claimLimit, type DueTick, type ScheduleRow, type ScheduleRows } from './schedule-rows'
import type { StartInstanceRequest } from './types'

/** Longest sleep: a moved clock or a row written by another process is seen within this. */
const maxSleepMs = 30_000

/**
 * Starts instances of deployed workflows on their schedule triggers. Each schedule is a row with
 * the absolute time of its next tick (`ScheduleRows`), so a tick that fell due while the server
 * was down is seen when it starts. Catch-up policy: however many ticks were missed, the schedule
 * runs once, for the latest of them, then continues from the next tick after now.
 *
 * Each tick fires once. On SQLite's one process the fired tick is written through the writer as
 * its start is asked for (in memory, `firing` holds it until then). On PostgreSQL, where every replica ticks, a replica first claims the
 * due rows and advances them in one transaction (`ScheduleRows.claimDue`), so the others find them
 * no longer due; a replica that stops or dies between its claim and the start's commit loses that
 * tick (it is not fired again). The start's idempotency key `schedule:<trigger>:<planned time>`
 * keeps a tick from starting twice.
 */
export class Scheduler {
  private handle: NodeJS.Timeout | undefined
  private wakeAt = Number.POSITIVE_INFINITY
  private running = false
  /** Schedules whose fired tick is not committed yet (SQLite): the row still shows it due. */
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
   * asked for while one runs runs once more after it; the promise resolves when that one is done,
   * with the starts it asked for.
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
    const due = await this.rows.claimDue(now)
    const next = await this.rows.nextDueAfter(now)
    // Stopped while reading (a failed commit, closing): nothing more fires.
    if (!this.running) return
    const starts = due
      .filter((tick) => tick.advanced || !this.firing.has(keyOf(tick.row)))
      .map((tick) => this.fire(tick, now))
    // A full claim may have left due rows behind: claim again at once.
    if (due.filter((tick) => tick.advanced).length >= claimLimit) this.tickAgain = true
    this.arm(next ?? now + maxSleepMs)
    await Promise.all(starts)
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

  /** Starts the tick's instance; resolves once the start is done or has failed (reported). */
  private fire(tick: DueTick, now: number): Promise<unknown> {
    const { row, planned, next } = tick
    const key = keyOf(row)
    if (!tick.advanced) {
      // Until this commits, the row still shows the tick due.
      this.firing.add(key)
      this.rows.markFired(tick, now)
    }
    this.writer.afterCommit(() => {
      this.firing.delete(key)
      if (next !== null) this.wake(next)
    })
    const at = new Date(planned).toISOString()
    return this.start({
      workflowId: row.workflow_id,
      trigger: row.trigger_id,
      input: { scheduledAt: at },
      idempotencyKey: `schedule:${row.trigger_id}:${at}`,
      by: 'schedule',
    }).catch(this.onError)
  }
}

const keyOf = (row: ScheduleRow) => `${row.workflow_id}/${row.trigger_id}`
