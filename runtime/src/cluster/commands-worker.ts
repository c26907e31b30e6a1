import { notify } from '../store/postgres/notifications'
import {
  claimPending,
  pendingClaims,
  storeOutcome,
  type ClaimedCommand,
} from '../store/repositories/command-rows'
import type { SqlDatabase } from '../store/sql'
import { commandsChannel, defaultCommandPollMs, doneChannel, repeat, type CommandWakeups } from './commands'
import { storedError } from './commands-errors'
import { processTimers, type KeeperTimers } from './keeper-timers'
import type { Ownership } from './ownership'

/** A command as its handler sees it. Handlers must be idempotent per `id` (see the README). */
export interface Command {
  id: string
  kind: string
  part: number
  payload: unknown
  /**
   * An earlier owner claimed it before this run: it may have applied it (and died before storing
   * the outcome, or is finishing it still), so the handler first looks for its effect.
   */
  retaken: boolean
}

/** Runs one kind of command; what it resolves with (JSON-serializable) is the submitter's result. */
export type CommandHandler = (command: Command) => Promise<unknown>

export interface CommandWorkerOptions {
  /** This replica's id, as its lease keeper names it. */
  replicaId: string
  ownership: Ownership
  handlers: Record<string, CommandHandler>
  /** How often the owned partitions are looked at without a wake-up (ms). */
  pollEveryMs?: number
  /** Commands running at once at most; more wait in their rows, unclaimed, for any owner. */
  maxRunning?: number
  timers?: KeeperTimers
  /** Told of each claim or poll that failed (the next wake-up or poll tries again). */
  onError?(error: unknown): void
}

/**
 * The owner's side of the command inbox, on PostgreSQL: claims the pending commands of the
 * partitions this replica owns and runs each through the handler for its kind, then stores the
 * result or error and wakes the submitter (`conveyor_done`). It looks on a `conveyor_commands`
 * wake-up for an owned partition, when a partition is gained (`partGained`), after the listener
 * reconnects, and every `pollEveryMs`.
 *
 * A claim is recorded with the epoch the partition was owned at; an owner claims what nobody
 * claimed and what was claimed at an earlier epoch (an earlier owner's, perhaps dead), and stores
 * an outcome only while its own claim still holds.
 */
export class CommandWorker {
  private readonly replica: string
  private readonly ownership: Ownership
  private readonly pollEveryMs: number
  private readonly maxRunning: number
  private readonly timers: KeeperTimers
  private readonly stops: Array<() => void> = []
  /** Partitions to claim from on the next pass, and whether a pass is under way. */
  private readonly toClaim = new Set<number>()
  private claiming = false
  private running = 0
  private started = false

  constructor(
    private readonly db: SqlDatabase,
    private readonly wakeups: CommandWakeups,
    private readonly options: CommandWorkerOptions,
  ) {
    if (db.engine !== 'postgres') {
      throw new Error(
        'Commands are handed between replicas on PostgreSQL only: a SQLite folder runs its own work',
      )
    }
    this.replica = options.replicaId
    this.ownership = options.ownership
    this.pollEveryMs = options.pollEveryMs ?? defaultCommandPollMs
    this.maxRunning = options.maxRunning ?? 100
    this.timers = options.timers ?? processTimers
  }

  /** Listens for wake-ups, then claims what the partitions owned already hold. */
  async start(): Promise<void> {
    if (this.started) return
    this.started = true
    this.stops.push(
      await this.wakeups.listen(commandsChannel, (part) => this.claimFrom([Number(part)])),
      this.wakeups.onReconnected(() => this.claimFrom(this.ownership.ownedParts())),
      repeat(this.timers, this.pollEveryMs, () => void this.poll()),
    )
    this.claimFrom(this.ownership.ownedParts())
  }

  /**
   * Stops claiming. Commands already running finish, and their outcomes are stored if their claims
   * still hold; their claims otherwise stay for the partitions' next owners to take over.
   */
  stop(): void {
    this.started = false
    for (const stop of this.stops.splice(0)) stop()
    this.toClaim.clear()
  }

  /** Commands this worker is running now. */
  get runningCount(): number {
    return this.running
  }

  /** Call when this replica gains `part` (its `OwnershipEvents.onGained`): claims what waits there. */
  partGained(part: number): void {
    this.claimFrom([part])
  }

  /** Looks for pending commands this owner has not claimed, for when a wake-up was lost. */
  private async poll(): Promise<void> {
    try {
      const claims = await pendingClaims(this.db, this.ownership.ownedParts())
      const epochOf = (part: number) => this.ownership.epochOf(part) ?? 0
      this.claimFrom(
        claims
          .filter(({ part, claimed_epoch }) => claimed_epoch === null || claimed_epoch < epochOf(part))
          .map(({ part }) => part),
      )
    } catch (error) {
      this.options.onError?.(error)
    }
  }

  /** Claims from `parts` (those owned), one pass at a time; a part asked for meanwhile is in the next. */
  private claimFrom(parts: Iterable<number>): void {
    if (!this.started) return
    for (const part of parts) if (this.ownership.owns(part)) this.toClaim.add(part)
    if (this.claiming || this.toClaim.size === 0 || this.running >= this.maxRunning) return
    this.claiming = true
    void this.claimPass().finally(() => {
      this.claiming = false
      this.claimFrom([])
    })
  }

  private async claimPass(): Promise<void> {
    for (const part of [...this.toClaim]) {
      const epoch = this.ownership.epochOf(part)
      const room = this.maxRunning - this.running
      if (!this.started || room <= 0) return
      this.toClaim.delete(part)
      if (epoch === undefined) continue
      try {
        const claimed = await claimPending(this.db, {
          replica: this.replica,
          part,
          epoch,
          limit: room,
          at: Date.now(),
        })
        // A full claim may have left more behind: the part goes round again.
        if (claimed.length === room) this.toClaim.add(part)
        for (const command of claimed) void this.run(command)
      } catch (error) {
        this.options.onError?.(error)
      }
    }
  }

  /** Runs one claimed command and stores its outcome; the claim left in place if that fails. */
  private async run(claimed: ClaimedCommand): Promise<void> {
    this.running++
    try {
      const handler = this.options.handlers[claimed.kind]
      let outcome: { status: 'done' | 'failed'; result: string | null; error: string | null }
      try {
        if (handler === undefined) {
          throw new Error(`Replica ${this.replica} has no handler for commands of kind "${claimed.kind}"`)
        }
        const result = await handler({
          id: claimed.id,
          kind: claimed.kind,
          part: claimed.part,
          payload: JSON.parse(claimed.payload),
          retaken: claimed.earlier_epoch !== null,
        })
        outcome = { status: 'done', result: JSON.stringify(result ?? null), error: null }
      } catch (error) {
        // Refused after the partition was lost (its batch fenced, perhaps): the refusal may say
        // only that, so the claim is left for the next owner, which runs the command again.
        if (this.ownership.epochOf(claimed.part) !== claimed.claimed_epoch) return
        outcome = { status: 'failed', result: null, error: JSON.stringify(storedError(error)) }
      }
      const write = storeOutcome({
        id: claimed.id,
        replica: this.replica,
        epoch: claimed.claimed_epoch,
        ...outcome,
        at: Date.now(),
      })
      const { changes } = await this.db.run(write.sql, write.params)
      if (changes === 1) await notify(this.db, doneChannel, claimed.id)
    } catch (error) {
      this.options.onError?.(error)
    } finally {
      this.running--
      // Room for more: what was left behind for lack of it is claimed now.
      this.claimFrom([])
    }
  }
}
