import { defaultLeaseMs } from '../config'
import { LeaseRows, type Lease, type LiveReplica } from '../store/repositories/lease-rows'
import type { SqlDatabase } from '../store/sql'
import { TransactionQueue } from '../store/sql/transaction-queue'
import { processTimers, type KeeperTimers } from './keeper-timers'
import type { LossReason, Ownership, OwnershipEvents } from './ownership'
import { partitionCount } from './partitions'

export interface LeaseKeeperOptions {
  /** This replica's id: unique among the replicas sharing the database while it runs. */
  replicaId: string
  events: OwnershipEvents
  /** How long a lease lasts without renewal (ms); `CONVEYOR_LEASE_MS`. */
  leaseMs?: number
  /** How often the leases held are renewed (ms); a third of the lease by default. */
  renewEveryMs?: number
  /** How often free and expired partitions are claimed, and shares evened out (ms). */
  claimEveryMs?: number
  /**
   * How long before its lease runs out a replica without a successful renewal gives its partitions
   * up (ms), so that it has stopped before another may take them: 2 s, or a quarter of a short lease.
   */
  fenceMarginMs?: number
  timers?: KeeperTimers
  /** Told of each renewal or claim that failed (they are retried); for logs and monitoring. */
  onError?(error: unknown): void
}

/**
 * Holds this replica's share of the 64 partitions through leases in `partition_leases`, on
 * PostgreSQL. Renews what it holds every third of a lease, heartbeating its `replicas` row in the
 * same transaction; claims free or expired partitions every 2 s up to its share of the replicas
 * seen within a lease period, and hands over what it holds beyond it. Every expiry is compared in
 * the database's clock. A partition not renewed for a lease period less the fence margin (on this
 * process's monotonic clock, from the start of the transaction that last set it) is given up.
 *
 * Its transactions are short but must not wait behind long ones: give it a database of its own
 * (a small pool), not the one the writer's batches use (transactions of one database take turns).
 */
export class LeaseKeeper implements Ownership {
  /** Each partition held: its epoch, and when (this process's clock) it is given up unless renewed. */
  private readonly held = new Map<number, { epoch: number; fenceAt: number }>()
  private readonly turns = new TransactionQueue()
  private readonly replica: string
  private readonly leaseMs: number
  private readonly renewEveryMs: number
  private readonly claimEveryMs: number
  private readonly fenceMarginMs: number
  private readonly timers: KeeperTimers
  private running = false
  private readonly cancels: Array<() => void> = []
  private cancelFence = () => {}

  private readonly rows: LeaseRows

  constructor(
    db: SqlDatabase,
    private readonly options: LeaseKeeperOptions,
  ) {
    if (db.engine !== 'postgres') {
      throw new Error(
        'Partition leases are kept on PostgreSQL only: a SQLite folder is owned by its one process',
      )
    }
    this.rows = new LeaseRows(db)
    this.replica = options.replicaId
    this.leaseMs = options.leaseMs ?? defaultLeaseMs
    this.renewEveryMs = options.renewEveryMs ?? this.leaseMs / 3
    this.claimEveryMs = options.claimEveryMs ?? 2_000
    this.fenceMarginMs = options.fenceMarginMs ?? Math.min(2_000, this.leaseMs / 4)
    this.timers = options.timers ?? processTimers
  }

  /** Heartbeats and claims this replica's first share; fails when the database cannot be reached. */
  async start(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      await this.renew()
      await this.rebalance()
    } catch (error) {
      this.running = false
      throw error
    }
    this.cancels.push(
      this.repeat(this.renewEveryMs, () => this.renew()),
      this.repeat(this.claimEveryMs, () => this.rebalance()),
    )
  }

  /** Stops renewing and claiming, then hands every partition over (after `onLost`) and leaves. */
  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    for (const cancel of this.cancels.splice(0)) cancel()
    this.cancelFence()
    await this.turns.run(async () => {
      const parts = this.ownedParts()
      this.held.clear()
      if (parts.length > 0) await this.tell(() => this.options.events.onLost(parts, 'stopped'))
      await this.rows.leave(this.replica)
    })
  }

  owns(part: number): boolean {
    return this.held.has(part)
  }

  epochOf(part: number): number | undefined {
    return this.held.get(part)?.epoch
  }

  ownedParts(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b)
  }

  /**
   * Renews every lease this replica holds and heartbeats. A partition missing from the answer
   * was taken (`onLost`); one the database says is ours but that was given up (fenced, or a claim
   * whose answer was lost) is taken again at a new epoch (`onGained`).
   */
  renew(): Promise<void> {
    return this.turns.run(async () => {
      if (!this.running) return
      const startedAt = this.timers.now()
      const { renewed, retaken } = await this.rows.renew(
        this.replica,
        this.leaseMs,
        (lease) => this.epochOf(lease.part) === lease.epoch,
      )
      const ours = new Map([...renewed, ...retaken].map((lease) => [lease.part, lease.epoch]))
      const taken = this.ownedParts().filter((part) => ours.get(part) !== this.epochOf(part))
      if (taken.length > 0) await this.lose(taken, 'taken')
      for (const [part, lease] of this.held)
        if (ours.get(part) === lease.epoch) lease.fenceAt = this.fenceAt(startedAt)
      this.gain(retaken, startedAt)
      this.armFence()
    })
  }

  /**
   * Claims free or expired partitions up to this replica's share, or hands over (after `onLost`)
   * what it holds beyond it. Shares: 64 split over the replicas seen within a lease period, the
   * oldest ones taking one more while 64 does not divide evenly, so that they add up to 64.
   */
  rebalance(): Promise<void> {
    return this.turns.run(async () => {
      if (!this.running) return
      let share = 0
      const startedAt = this.timers.now()
      const claimed = await this.rows.claim(
        this.replica,
        this.leaseMs,
        forgetReplicasAfterLeases * this.leaseMs,
        (live) => {
          share = shareOf(this.replica, live)
          return share - this.held.size
        },
      )
      this.gain(claimed, startedAt)
      this.armFence()
      const excess = this.ownedParts().slice(share)
      if (excess.length === 0) return
      await this.lose(excess, 'rebalanced')
      await this.rows.release(this.replica, excess)
    })
  }

  /** Records leases taken by a transaction that began at `startedAt` (this process's clock). */
  private gain(leases: Lease[], startedAt: number): void {
    for (const { part, epoch } of leases) {
      this.held.set(part, { epoch, fenceAt: this.fenceAt(startedAt) })
      void this.tell(() => this.options.events.onGained(part, epoch))
    }
  }

  /**
   * When a lease set by a transaction that began at `startedAt` is given up without a later
   * renewal: the database counted its period from no earlier than that moment.
   */
  private fenceAt(startedAt: number): number {
    return startedAt + this.leaseMs - this.fenceMarginMs
  }

  private async lose(parts: number[], reason: LossReason): Promise<void> {
    for (const part of parts) this.held.delete(part)
    await this.tell(() => this.options.events.onLost(parts, reason))
  }

  /** Gives up each partition whose fence time passes without a successful renewal. */
  private armFence(): void {
    this.cancelFence()
    const next = Math.min(...[...this.held.values()].map((lease) => lease.fenceAt))
    if (next === Infinity) return
    this.cancelFence = this.timers.after(next - this.timers.now(), () => {
      const now = this.timers.now()
      const due = this.ownedParts().filter((part) => this.held.get(part)!.fenceAt <= now)
      if (due.length > 0) void this.lose(due, 'fenced')
      this.armFence()
    })
  }

  /** Runs `work` every `everyMs` after the previous run ended, soon again after a failed one. */
  private repeat(everyMs: number, work: () => Promise<void>): () => void {
    let stopped = false
    let cancel = () => {}
    const schedule = (ms: number) => {
      cancel = this.timers.after(ms, () => {
        work().then(
          () => {
            if (!stopped) schedule(everyMs)
          },
          (error: unknown) => {
            this.report(error)
            if (!stopped) schedule(Math.min(retryAfterMs, everyMs / 2))
          },
        )
      })
    }
    schedule(everyMs)
    return () => {
      stopped = true
      cancel()
    }
  }

  /** Calls an event handler; what it throws is reported, never allowed to stop the keeper. */
  private async tell(handler: () => void | Promise<void>): Promise<void> {
    try {
      await handler()
    } catch (error) {
      this.report(error)
    }
  }

  private report(error: unknown): void {
    this.options.onError?.(error)
  }
}

/** The longest wait before retrying a failed renewal or claim (ms). */
const retryAfterMs = 1_000
/** Replicas not seen for this many lease periods are removed from `replicas`. */
const forgetReplicasAfterLeases = 10

/** This replica's share of the partitions, by its place among the live replicas (oldest first). */
export function shareOf(replica: string, live: readonly LiveReplica[]): number {
  const ids = live.map((row) => row.id)
  // A replica whose own heartbeat is not yet counted still takes a place: the newest.
  const place = ids.includes(replica) ? ids.indexOf(replica) : ids.length
  const count = Math.max(ids.length, place + 1)
  return Math.floor(partitionCount / count) + (place < partitionCount % count ? 1 : 0)
}
