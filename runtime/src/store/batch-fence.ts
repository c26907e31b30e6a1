import { partitionOf } from '../cluster/partitions'
import type { SqlExecutor } from './sql'

/** What the writer asks before it commits a batch on PostgreSQL: the partitions this replica holds. */
export interface BatchFence {
  replicaId: string
  /** The epoch this replica holds the partition at, or undefined when it does not hold it. */
  epochOf(part: number): number | undefined
}

/**
 * A batch refused because this replica no longer owns what it wrote: a partition of one of its
 * instances is not held at the epoch it had (another replica may have taken it), or an instance's
 * stored row moved on from the state it was loaded in. Nothing of the batch is stored; a caller
 * may send the request again (to the owner).
 */
export class FencedError extends Error {
  override name = 'FencedError'
}

/**
 * The batch's first statement on PostgreSQL: the leases of the partitions of `instanceIds`, still
 * this replica's at the epochs it holds, locked until the transaction ends. A takeover claims a
 * lease `FOR UPDATE SKIP LOCKED`, so it passes over a lease a batch holds and raises its epoch
 * before or after that batch, never during it: either the batch commits first (the new owner then
 * reads it), or it reads the new epoch here and rolls back. `FOR KEY SHARE`, not `FOR SHARE`: the
 * owner's own renewal (an UPDATE of non-key columns) then neither waits for batches nor makes them
 * wait, while a claim's `FOR UPDATE` still conflicts. Throws FencedError naming what is not held.
 */
export async function checkFence(
  tx: SqlExecutor,
  fence: BatchFence,
  instanceIds: Iterable<string>,
): Promise<void> {
  const held = new Map<number, number | undefined>()
  for (const id of instanceIds) {
    const part = partitionOf(id)
    if (!held.has(part)) held.set(part, fence.epochOf(part))
  }
  if (held.size === 0) return
  const parts = [...held.keys()].sort((a, b) => a - b)
  const notHeld = parts.filter((part) => held.get(part) === undefined)
  if (notHeld.length > 0) throw notOwner(fence, notHeld)
  const leases = await tx.all<{ part: number; epoch: number }>(
    `SELECT part, epoch FROM partition_leases WHERE part IN (${parts.map(() => '?').join(', ')}) AND owner = ?
      ORDER BY part FOR KEY SHARE`,
    [...parts, fence.replicaId],
  )
  const current = new Map(leases.map((lease) => [lease.part, lease.epoch]))
  const lost = parts.filter((part) => current.get(part) !== held.get(part))
  if (lost.length > 0) throw notOwner(fence, lost)
}

function notOwner(fence: BatchFence, parts: readonly number[]): FencedError {
  return new FencedError(
    `replica ${fence.replicaId} no longer owns partition${parts.length === 1 ? '' : 's'} ${parts.join(', ')} at the epoch it held; nothing of the batch was stored`,
  )
}
