import { CommandWorker, type CommandHandler } from '../cluster/commands-worker'
import type { ReplicaCluster } from '../cluster/replica-cluster'
import { NotOwnedError } from '../engine/not-owned-error'
import { FencedError } from '../store/batch-fence'
import type { SqlDatabase } from '../store/sql'

/** A routed call's partition: known, or read only when it can matter (never on SQLite). */
export type PartOf = number | (() => Promise<number>)

/**
 * Runs `payload` (JSON) of one kind of request. `retaken` is true when an earlier owner of the
 * partition claimed the same command before: it may have applied it already, and the run then
 * answers as that one would have instead of refusing what it finds done.
 */
export type RoutedRun<Payload, Result> = (payload: Payload, retaken: boolean) => Promise<Result>

/** Hands a request of one kind to where its partition is owned, and resolves with its answer. */
export type RoutedCall<Payload, Result> = (part: PartOf, payload: Payload) => Promise<Result>

/**
 * Runs each request that changes an instance on the owner of the instance's partition: here when
 * this replica owns it, else as a command for the owner (PostgreSQL), whose handler runs the same
 * code. A SQLite folder's one process owns everything and runs everything itself.
 */
export class RoutedCalls {
  private readonly handlers: Record<string, CommandHandler> = {}
  private worker: CommandWorker | undefined
  private unsubscribe = () => {}

  constructor(
    private readonly cluster: ReplicaCluster,
    private readonly sql: SqlDatabase,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Makes `run` the one code for requests of `kind`, wherever they arrive; returns how to call it. */
  define<Payload, Result>(kind: string, run: RoutedRun<Payload, Result>): RoutedCall<Payload, Result> {
    if (kind in this.handlers) throw new Error(`Requests of kind "${kind}" are routed twice`)
    this.handlers[kind] = (command) => run(command.payload as Payload, command.retaken)
    return (part, payload) => this.run(part, kind, payload, () => run(payload, false))
  }

  /**
   * `local()` when this replica owns `part`, else the same request of `kind` run by the owner. A
   * local run refused because the partition changed hands meanwhile (the engine refuses before it
   * changes anything, the writer's fence as it commits, storing nothing) is handed to the new owner, once.
   */
  async run<Result>(
    part: PartOf,
    kind: string,
    payload: unknown,
    local: () => Promise<Result>,
  ): Promise<Result> {
    const { submitter, ownership } = this.cluster
    if (submitter === undefined) return local()
    const at = typeof part === 'number' ? part : await part()
    if (!ownership.owns(at)) return submitter.submit<Result>(kind, at, payload)
    try {
      return await local()
    } catch (error) {
      const refused = error instanceof NotOwnedError || error instanceof FencedError
      if (refused && !ownership.owns(at)) return submitter.submit<Result>(kind, at, payload)
      throw error
    }
  }

  /** Starts running the commands of the partitions this replica owns and gains (PostgreSQL). */
  async start(): Promise<void> {
    const { listener, ownership, ownershipEvents, replicaId } = this.cluster
    if (listener === undefined || this.worker !== undefined) return
    const worker = new CommandWorker(this.sql, listener, {
      replicaId,
      ownership,
      handlers: this.handlers,
      onError: this.onError,
    })
    this.worker = worker
    this.unsubscribe = ownershipEvents.subscribe({ onGained: (part) => worker.partGained(part) })
    await worker.start()
  }

  /** Stops claiming commands; those running finish, or are taken over by the partitions' next owners. */
  stop(): void {
    this.unsubscribe()
    this.worker?.stop()
    this.worker = undefined
  }
}
