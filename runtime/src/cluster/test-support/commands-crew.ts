import { NotificationListener } from '../../store/postgres/notifications'
import { openSqlDatabase, type SqlDatabase } from '../../store/sql'
import { CommandSubmitter, type CommandSubmitterOptions } from '../commands'
import { CommandWorker, type CommandHandler, type CommandWorkerOptions } from '../commands-worker'
import type { Ownership } from '../ownership'

/** Ownership a test hands out by hand: the partitions it was given, at the epochs it was given them. */
export class GivenOwnership implements Ownership {
  private readonly held = new Map<number, number>()

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.held.clear()
  }

  owns(part: number): boolean {
    return this.held.has(part)
  }

  epochOf(part: number): number | undefined {
    return this.held.get(part)
  }

  ownedParts(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b)
  }

  give(part: number, epoch: number): void {
    this.held.set(part, epoch)
  }

  take(part: number): void {
    this.held.delete(part)
  }
}

export interface CrewReplica {
  id: string
  db: SqlDatabase
  listener: NotificationListener
  ownership: GivenOwnership
  submitter: CommandSubmitter
  worker: CommandWorker
  /** Each command id this replica's handlers were called with, in order. */
  ran: string[]
  errors: unknown[]
}

export interface CrewOptions {
  /** The first wait before a cut listener reconnects (ms). */
  reconnectDelayMs?: number
  pollEveryMs?: number
  timeoutMs?: CommandSubmitterOptions['timeoutMs']
}

/**
 * Replicas of the command inbox in one test process, each on a database pool and a listener of
 * its own (as separate processes would be), owning the partitions the test gives it.
 */
export class CommandCrew {
  readonly replicas: CrewReplica[] = []

  constructor(
    private readonly url: string,
    private readonly options: CrewOptions = {},
  ) {}

  /** A started replica whose worker runs `handlers`, recording each command it runs. */
  async add(
    id: string,
    handlers: Record<string, CommandHandler>,
    worker: Partial<CommandWorkerOptions> = {},
  ): Promise<CrewReplica> {
    const db = await openSqlDatabase({ url: this.url, poolSize: 3 })
    const listener = await NotificationListener.open({
      url: this.url,
      reconnectDelayMs: this.options.reconnectDelayMs ?? 20,
    })
    const ownership = new GivenOwnership()
    const ran: string[] = []
    const errors: unknown[] = []
    const recorded = Object.fromEntries(
      Object.entries(handlers).map(([kind, handler]): [string, CommandHandler] => [
        kind,
        (command) => {
          ran.push(command.id)
          return handler(command)
        },
      ]),
    )
    const submitter = await CommandSubmitter.open(db, listener, {
      pollEveryMs: this.options.pollEveryMs,
      timeoutMs: this.options.timeoutMs,
    })
    const commandWorker = new CommandWorker(db, listener, {
      replicaId: id,
      ownership,
      handlers: recorded,
      pollEveryMs: this.options.pollEveryMs,
      onError: (error) => errors.push(error),
      ...worker,
    })
    await commandWorker.start()
    const replica = { id, db, listener, ownership, submitter, worker: commandWorker, ran, errors }
    this.replicas.push(replica)
    return replica
  }

  /** Gives `parts` to `replica` at `epoch` and tells its worker, as a lease keeper's gain would. */
  give(replica: CrewReplica, parts: readonly number[], epoch: number): void {
    for (const part of parts) {
      replica.ownership.give(part, epoch)
      replica.worker.partGained(part)
    }
  }

  async close(): Promise<void> {
    for (const replica of this.replicas) {
      replica.worker.stop()
      replica.submitter.close()
      await replica.listener.close()
      await replica.db.close()
    }
  }
}
