import { partitionOf } from '../cluster/partitions'
import type { ReplicaCluster } from '../cluster/replica-cluster'
import { ReplicaRelay } from '../collab'
import type { RoutedCalls } from '../service/routed-calls'
import { notify } from '../store/postgres/notifications'
import type { SqlDatabase } from '../store/sql'

/**
 * What live documents need of the replica serving them: its store's port, its place among
 * replicas, and the way to run a request on a workflow's owner.
 */
export interface ReplicaStore {
  sql: SqlDatabase
  cluster: Pick<ReplicaCluster, 'replicaId' | 'ownership' | 'ownershipEvents' | 'listener'>
  routed: Pick<RoutedCalls, 'define'>
}

/**
 * Changes of access every replica's open connections must follow at once: `token:<id>` (revoked)
 * and `workflow-deleted:<id>`. A channel of their own: `conveyor_policy` carries the policies the
 * service holds in memory, whose listener takes every payload there for one of its own.
 */
export const accessChannel = 'conveyor_access'
type AccessChange = 'token' | 'workflow-deleted'

/** What a replica does when another one changed access. */
export interface AccessChanges {
  tokenRevoked(): Promise<void>
  workflowDeleted(workflowId: string): Promise<void>
}

/**
 * Live documents on one replica of several (PostgreSQL: the store's wake-up connection is there)
 * or on the one process of a SQLite folder (no relay; it owns every workflow).
 *
 * - Changes and presence reach the other replicas through the relay.
 * - What is written from a document (the stored workflow, its live-save windows) is written by the
 *   workflow's owner only (`owns`), which hears every replica's changes: two replicas each saving
 *   what they hold would save a revision per replica, and one holding an older document could
 *   write it back over a newer one. Seeding is not the owner's: it happens where the document is
 *   first opened, under a lock on the document (`loadDerived`), so nobody waits for another replica.
 * - Revoked tokens and deleted workflows are announced on `conveyor_access`, so every replica's
 *   connections follow at once rather than at the next periodic check.
 */
export class ReplicaDocuments {
  private readonly stops: Array<() => void> = []

  private constructor(
    private readonly store: ReplicaStore,
    readonly relay: ReplicaRelay | undefined,
  ) {}

  static async open(store: ReplicaStore, log: (line: string) => void): Promise<ReplicaDocuments> {
    const { listener, replicaId } = store.cluster
    const relay =
      listener &&
      (await ReplicaRelay.open({
        sql: store.sql,
        listener,
        replicaId,
        onError: (error, workflowId) =>
          log(`relaying the live document of ${workflowId} between replicas failed: ${String(error)}`),
      }))
    return new ReplicaDocuments(store, relay)
  }

  /** Whether this replica writes what follows from the workflow's live document. */
  readonly owns = (workflowId: string): boolean =>
    this.relay === undefined || this.store.cluster.ownership.owns(partitionOf(workflowId))

  /**
   * Follows the other replicas' access changes (nothing to follow on SQLite). One missed while the
   * wake-up connection was down is found by the periodic access check, which a deleted workflow's
   * connections fail too.
   */
  async hearAccessChanges(changes: AccessChanges, log: (line: string) => void): Promise<void> {
    const { listener } = this.store.cluster
    if (!this.relay || !listener) return
    const heard = (payload: string) => {
      const split = payload.indexOf(':')
      const kind = payload.slice(0, split)
      const key = payload.slice(split + 1)
      const done =
        kind === 'token'
          ? changes.tokenRevoked()
          : kind === 'workflow-deleted'
            ? changes.workflowDeleted(key)
            : undefined
      done?.catch((error: unknown) =>
        log(`following ${payload} on the live documents failed: ${String(error)}`),
      )
    }
    this.stops.push(await listener.listen(accessChannel, heard))
  }

  /** Tells the other replicas of an access change made here, once it is committed. */
  async announce(change: AccessChange, key: string): Promise<void> {
    if (this.relay) await notify(this.store.sql, accessChannel, `${change}:${key}`)
  }

  /** Calls `stop` when this replica loses partitions, before they are handed over. */
  onOwnershipLost(stop: () => Promise<void>): void {
    this.stops.push(this.store.cluster.ownershipEvents.subscribe({ onLost: stop }))
  }

  /** After the collaboration server closed: stops following the other replicas. */
  async close(): Promise<void> {
    for (const stop of this.stops.splice(0)) stop()
    await this.relay?.close()
  }
}
