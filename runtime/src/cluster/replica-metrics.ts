import type { Family } from '../metrics/prometheus'
import { readBacklog, unheldPartitionCount } from '../store/repositories/backlog-rows'
import type { SqlDatabase } from '../store/sql'
import type { LossReason } from './ownership'
import type { ReplicaCluster } from './replica-cluster'

/** A pending timer this long past due counts as overdue: its owner is gone or cannot keep up. */
export const overdueAfterMs = 5_000

/**
 * What an operator watches of a replica and of the work waiting for any replica: partitions owned,
 * gained and lost (a takeover shows as gains on the others), wake-up reconnects, overdue timers and
 * the age of the oldest waiting call and command. Each replica answers for itself: scrape every one.
 */
export class ReplicaMetrics {
  private gained = 0
  private readonly lost = new Map<LossReason, number>()
  private reconnects = 0

  constructor(
    private readonly cluster: ReplicaCluster,
    private readonly sql: SqlDatabase,
    private readonly now: () => number,
  ) {
    cluster.ownershipEvents.subscribe({
      onGained: () => void this.gained++,
      onLost: (parts, reason) => void this.lost.set(reason, (this.lost.get(reason) ?? 0) + parts.length),
    })
    cluster.listener?.onReconnected(() => void this.reconnects++)
  }

  async families(): Promise<Family[]> {
    const now = this.now()
    const replica = { replica: this.cluster.replicaId }
    const backlog = await readBacklog(this.sql, now, overdueAfterMs)
    const ageSeconds = (since: number | null) => (since === null ? null : Math.max(0, now - since) / 1000)
    const families: Family[] = [
      gauge('conveyor_replica_partitions', 'Partitions this replica owns now (of 64)', [
        { labels: replica, value: this.cluster.ownership.ownedParts().length },
      ]),
      counter('conveyor_replica_partitions_gained_total', 'Partitions this replica took, at start or over', [
        { labels: replica, value: this.gained },
      ]),
      counter(
        'conveyor_replica_partitions_lost_total',
        'Partitions this replica stopped owning: taken, fenced (no renewal in time), rebalanced, stopped',
        (['taken', 'fenced', 'rebalanced', 'stopped'] as const).map((reason) => ({
          labels: { ...replica, reason },
          value: this.lost.get(reason) ?? 0,
        })),
      ),
      gauge('conveyor_timers_overdue', `Pending timers more than ${overdueAfterMs / 1000} s past due`, [
        { labels: {}, value: backlog.overdueTimers },
      ]),
      gauge('conveyor_outbox_oldest_pending_seconds', 'Age of the oldest call not yet made or retried', [
        { labels: {}, value: ageSeconds(backlog.oldestPendingOutboxAt) },
      ]),
    ]
    if (this.sql.engine !== 'postgres') return families
    families.push(
      counter('conveyor_replica_listener_reconnects_total', 'Times the wake-up connection was made again', [
        { labels: replica, value: this.reconnects },
      ]),
      gauge('conveyor_partitions_unheld', 'Partitions no live replica holds a lease on', [
        { labels: {}, value: await unheldPartitionCount(this.sql) },
      ]),
      gauge('conveyor_commands_pending', "Requests waiting for their partition's owner to run them", [
        { labels: {}, value: backlog.pendingCommands },
      ]),
      gauge('conveyor_commands_oldest_pending_seconds', 'Age of the oldest request waiting for an owner', [
        { labels: {}, value: ageSeconds(backlog.oldestPendingCommandAt) },
      ]),
    )
    return families
  }
}

const gauge = (name: string, help: string, samples: Family['samples']): Family => ({
  name,
  help,
  type: 'gauge',
  samples,
})
const counter = (name: string, help: string, samples: Family['samples']): Family => ({
  name,
  help,
  type: 'counter',
  samples,
})
