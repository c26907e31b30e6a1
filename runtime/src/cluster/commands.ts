import { randomUUID } from 'node:crypto'
import { notify } from '../store/postgres/notifications'
import { insertCommand, outcomesOf, type CommandOutcome } from '../store/repositories/command-rows'
import type { SqlDatabase } from '../store/sql'
import { revivedError, type StoredError } from './commands-errors'
import { processTimers, type KeeperTimers } from './keeper-timers'

/** Channel a submitter wakes a partition's owner on; the payload is the partition number. */
export const commandsChannel = 'conveyor_commands'
/** Channel an owner tells a command's outcome on; the payload is the command's id. */
export const doneChannel = 'conveyor_done'

/**
 * Where wake-ups arrive (a `NotificationListener`). A wake-up only says "look again": one lost
 * while the connection was down costs latency, since every consumer also polls, never a result.
 */
export interface CommandWakeups {
  listen(channel: string, handler: (payload: string) => void): Promise<() => void>
  /** After a reconnect, when wake-ups may have been missed. */
  onReconnected(handler: () => void): () => void
}

/** How long a submitter waits for a command's outcome by default (ms): longer than a failover. */
export const defaultCommandTimeoutMs = 30_000
/** How often waiting submitters and owners look without being woken, by default (ms). */
export const defaultCommandPollMs = 1_000

/** No owner stored an outcome in time. The command stays queued: it may still run and complete later. */
export class CommandTimeoutError extends Error {
  override name = 'CommandTimeoutError'
  constructor(
    readonly commandId: string,
    readonly kind: string,
    readonly part: number,
    timeoutMs: number,
  ) {
    super(
      `Command ${commandId} (${kind}, partition ${part}) got no outcome within ${timeoutMs} ms. ` +
        'It stays queued and may still complete later: look before sending it again.',
    )
  }
}

export interface CommandSubmitterOptions {
  /** How long `submit` waits for an outcome (ms). */
  timeoutMs?: number
  /** How often the outcomes still awaited are read without a wake-up (ms). */
  pollEveryMs?: number
  timers?: KeeperTimers
}

interface Waiter {
  kind: string
  part: number
  settle(outcome: CommandOutcome): void
}

/**
 * Hands requests to the owner of their partition, on any replica: `submit` inserts a command row,
 * wakes the owners after the insert commits, and awaits the outcome the owner stores — woken on
 * `conveyor_done`, and reading every `pollEveryMs` in case a wake-up was lost.
 */
export class CommandSubmitter {
  private readonly waiting = new Map<string, Waiter>()
  /** Ids to look at on the next read of outcomes, and whether a read is under way. */
  private readonly toCheck = new Set<string>()
  private checking = false
  private readonly stops: Array<() => void> = []
  private readonly timeoutMs: number
  private readonly pollEveryMs: number
  private readonly timers: KeeperTimers

  private constructor(
    private readonly db: SqlDatabase,
    options: CommandSubmitterOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? defaultCommandTimeoutMs
    this.pollEveryMs = options.pollEveryMs ?? defaultCommandPollMs
    this.timers = options.timers ?? processTimers
  }

  /** A submitter listening for outcomes: one returned hears every wake-up sent after. */
  static async open(
    db: SqlDatabase,
    wakeups: CommandWakeups,
    options: CommandSubmitterOptions = {},
  ): Promise<CommandSubmitter> {
    const submitter = new CommandSubmitter(db, options)
    submitter.stops.push(
      await wakeups.listen(doneChannel, (id) => submitter.check([id])),
      wakeups.onReconnected(() => submitter.check(submitter.waiting.keys())),
      repeat(submitter.timers, submitter.pollEveryMs, () => submitter.check(submitter.waiting.keys())),
    )
    return submitter
  }

  /**
   * Runs command `kind` with `payload` (JSON-serializable) on the owner of `part` and resolves
   * with the handler's result, or rejects with its error, revived as its class (see
   * commands-errors.ts), or with a `CommandTimeoutError`.
   */
  async submit<Result>(
    kind: string,
    part: number,
    payload: unknown,
    options: { timeoutMs?: number } = {},
  ): Promise<Result> {
    const id = randomUUID()
    const timeoutMs = options.timeoutMs ?? this.timeoutMs
    // Waiting starts before the insert: the outcome's wake-up may come before the insert returns.
    const outcome = new Promise<CommandOutcome>((resolve) =>
      this.waiting.set(id, { kind, part, settle: resolve }),
    )
    let cancelDeadline = () => {}
    const deadline = new Promise<never>((_, reject) => {
      cancelDeadline = this.timers.after(timeoutMs, () => {
        this.waiting.delete(id)
        reject(new CommandTimeoutError(id, kind, part, timeoutMs))
      })
    })
    try {
      const insert = insertCommand({
        id,
        part,
        kind,
        payload: JSON.stringify(payload ?? null),
        at: Date.now(),
      })
      await this.db.run(insert.sql, insert.params)
      // The command is queued once the insert commits; a wake-up that fails only costs the owner's poll.
      await notify(this.db, commandsChannel, String(part)).catch(() => undefined)
      return resultOf<Result>(await Promise.race([outcome, deadline]))
    } finally {
      cancelDeadline()
      this.waiting.delete(id)
    }
  }

  /** Stops listening and polling; commands still awaited run on, their outcomes unread. */
  close(): void {
    for (const stop of this.stops.splice(0)) stop()
  }

  /** Reads the outcomes of `ids` still awaited, one read at a time, each id in the next read. */
  private check(ids: Iterable<string>): void {
    for (const id of ids) if (this.waiting.has(id)) this.toCheck.add(id)
    if (this.checking || this.toCheck.size === 0) return
    this.checking = true
    const batch = [...this.toCheck]
    this.toCheck.clear()
    outcomesOf(this.db, batch)
      .then(
        (outcomes) => {
          for (const outcome of outcomes) this.waiting.get(outcome.id)?.settle(outcome)
        },
        // A failed read is tried again at the next wake-up or poll.
        () => undefined,
      )
      .finally(() => {
        this.checking = false
        this.check([])
      })
  }
}

function resultOf<Result>(outcome: CommandOutcome): Result {
  if (outcome.status === 'failed') throw revivedError(JSON.parse(outcome.error ?? '{}') as StoredError)
  return JSON.parse(outcome.result ?? 'null') as Result
}

/** Runs `work` every `everyMs` until the function returned is called. */
export function repeat(timers: KeeperTimers, everyMs: number, work: () => void): () => void {
  let cancel = () => {}
  const schedule = () => {
    cancel = timers.after(everyMs, () => {
      schedule()
      work()
    })
  }
  schedule()
  return () => cancel()
}
