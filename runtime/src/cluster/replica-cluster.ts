import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { NotificationListener } from '../store/postgres/notifications'
import { openSqlDatabase, type SqlDatabase } from '../store/sql'
import { CommandSubmitter } from './commands'
import { LeaseKeeper } from './lease-keeper'
import { SingleProcessOwnership, type Ownership } from './ownership'
import { OwnershipFanout } from './ownership-fanout'

/** A replica's place among the replicas sharing its database: who it is, what it owns, how it is woken. */
export interface ReplicaCluster {
  /** `CONVEYOR_REPLICA_ID`, else made up at start: unique among the replicas while it runs. */
  replicaId: string
  /** Every partition on a SQLite folder; its leased share on PostgreSQL. */
  ownership: Ownership
  /** Where the parts that follow ownership subscribe to gains and losses. */
  ownershipEvents: OwnershipFanout
  /** PostgreSQL only: the replica's one wake-up connection, shared by all that listens. */
  listener?: NotificationListener
  /** PostgreSQL only: hands a request to the owner of its partition. */
  submitter?: CommandSubmitter
  /** Closes the wake-up connection and the leases' own pool (after `ownership.stop()`). */
  close(): Promise<void>
}

export interface ReplicaClusterOptions {
  replicaId?: string
  leaseMs?: number
  /**
   * False for a process that only administers the store (the CLI): it takes no partition and
   * opens no wake-up connection.
   */
  runsWork: boolean
  onError?(error: unknown): void
}

/** A replica id that names the machine, so a dashboard shows where each replica runs. */
export function madeUpReplicaId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
}

/** The one process of a SQLite folder: it owns all 64 partitions and needs no wake-ups. */
export function singleProcessCluster(replicaId: string = madeUpReplicaId()): ReplicaCluster {
  const ownershipEvents = new OwnershipFanout()
  return {
    replicaId,
    ownership: new SingleProcessOwnership(ownershipEvents),
    ownershipEvents,
    close: async () => undefined,
  }
}

/**
 * A replica on PostgreSQL at `url`: partitions leased in `partition_leases` through a small pool of
 * its own (lease renewals must never queue behind the writer's batches), one listening connection,
 * and a command submitter on `sql`.
 */
export async function postgresCluster(
  url: string,
  sql: SqlDatabase,
  options: ReplicaClusterOptions,
): Promise<ReplicaCluster> {
  const replicaId = options.replicaId ?? madeUpReplicaId()
  const ownershipEvents = new OwnershipFanout()
  if (!options.runsWork) {
    return { replicaId, ownership: ownsNothing, ownershipEvents, close: async () => undefined }
  }
  const onError = options.onError ?? ((error: unknown) => console.error('Replica:', messageOf(error)))
  const opened: Array<() => Promise<void>> = []
  const closeOpened = async () => {
    for (const close of opened.splice(0).reverse()) await close().catch(onError)
  }
  try {
    const leaseDb = await openSqlDatabase({ url, poolSize: 2 })
    opened.push(() => leaseDb.close())
    const listener = await NotificationListener.open({ url, onReconnectFailed: onError })
    opened.push(() => listener.close())
    const submitter = await CommandSubmitter.open(sql, listener)
    opened.push(async () => submitter.close())
    const ownership = new LeaseKeeper(leaseDb, {
      replicaId,
      events: ownershipEvents,
      leaseMs: options.leaseMs,
      onError,
    })
    return { replicaId, ownership, ownershipEvents, listener, submitter, close: closeOpened }
  } catch (error) {
    await closeOpened()
    throw error
  }
}

/** What an administering process holds: nothing, so it never acts on an instance. */
const ownsNothing: Ownership = {
  start: async () => undefined,
  stop: async () => undefined,
  owns: () => false,
  epochOf: () => undefined,
  ownedParts: () => [],
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))
