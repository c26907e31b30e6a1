import type { SqlDatabase, SqlExecutor } from '../sql'

/** A partition's lease as a replica holds it: the epoch its current owner took it at. */
export interface Lease {
  part: number
  epoch: number
}

/** A replica that has heartbeat lately, and since when it has been running (database clock, ms). */
export interface LiveReplica {
  id: string
  started_at: number
}

/**
 * The database's clock in epoch milliseconds (the transaction's start). Every replica compares
 * lease expiries against this one clock, never its own, so skew between them cannot make two owners.
 */
export const databaseNow = 'CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)'

/**
 * The `partition_leases` and `replicas` tables, kept by the replicas' lease keepers on PostgreSQL,
 * each step one short transaction of its own (`FOR UPDATE SKIP LOCKED` has no SQLite form, and a
 * SQLite folder has one process, which owns every partition without these rows).
 */
export class LeaseRows {
  constructor(private readonly db: SqlDatabase) {}

  /** The database's clock (ms). */
  async now(): Promise<number> {
    const row = await this.db.get<{ now: number }>(`SELECT ${databaseNow} AS now`)
    return row!.now
  }

  /**
   * Heartbeats `replica` and extends every lease it holds to `leaseMs` from now: what is missing
   * from `renewed` it no longer holds. Leases it holds that `isHeld` disowns (it had given them up)
   * are taken again at a new epoch: `retaken`.
   */
  renew(
    replica: string,
    leaseMs: number,
    isHeld: (lease: Lease) => boolean,
  ): Promise<{ renewed: Lease[]; retaken: Lease[] }> {
    return this.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO replicas (id, started_at, seen_at) VALUES (?, ${databaseNow}, ${databaseNow})
         ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at`,
        [replica],
      )
      const renewed = await tx.all<Lease>(
        `UPDATE partition_leases SET expires_at = ${databaseNow} + ? WHERE owner = ? RETURNING part, epoch`,
        [leaseMs, replica],
      )
      const disowned = renewed.filter((lease) => !isHeld(lease)).map((lease) => lease.part)
      if (disowned.length === 0) return { renewed, retaken: [] }
      const retaken = await tx.all<Lease>(
        `UPDATE partition_leases SET epoch = epoch + 1, expires_at = ${databaseNow} + ?
         WHERE owner = ? AND part IN (${placeholders(disowned)}) RETURNING part, epoch`,
        [leaseMs, replica, ...disowned],
      )
      return { renewed, retaken }
    })
  }

  /**
   * Takes for `replica`, each at a new epoch, as many partitions as `wanted` asks given the
   * replicas seen within `leaseMs` (oldest first, ties by id: the same order for every replica):
   * those nobody holds or whose lease ran out, lowest first. Rows another replica is taking or
   * renewing meanwhile are skipped, and a row renewed while this waited is re-checked and left.
   * Replicas silent for `forgetAfterMs` are removed first.
   */
  claim(
    replica: string,
    leaseMs: number,
    forgetAfterMs: number,
    wanted: (live: LiveReplica[]) => number,
  ): Promise<Lease[]> {
    return this.db.transaction(async (tx) => {
      await tx.run(`DELETE FROM replicas WHERE seen_at < ${databaseNow} - ?`, [forgetAfterMs])
      const want = wanted(await liveReplicas(tx, leaseMs))
      if (want <= 0) return []
      return tx.all<Lease>(
        `UPDATE partition_leases SET owner = ?, epoch = epoch + 1, expires_at = ${databaseNow} + ?
         WHERE part IN (
           SELECT part FROM partition_leases
           WHERE owner IS NULL OR (expires_at < ${databaseNow} AND owner <> ?)
           ORDER BY part LIMIT ? FOR UPDATE SKIP LOCKED)
         RETURNING part, epoch`,
        [replica, leaseMs, replica, want],
      )
    })
  }

  /** Lets go of the given partitions `replica` still holds, at a new epoch, free for anyone at once. */
  async release(replica: string, parts: readonly number[]): Promise<void> {
    if (parts.length === 0) return
    await this.db.run(
      `UPDATE partition_leases SET owner = NULL, epoch = epoch + 1, expires_at = 0
       WHERE owner = ? AND part IN (${placeholders(parts)})`,
      [replica, ...parts],
    )
  }

  /** Lets go of every partition `replica` holds and forgets the replica: it is stopping. */
  leave(replica: string): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.run(
        'UPDATE partition_leases SET owner = NULL, epoch = epoch + 1, expires_at = 0 WHERE owner = ?',
        [replica],
      )
      await tx.run('DELETE FROM replicas WHERE id = ?', [replica])
    })
  }
}

function liveReplicas(tx: SqlExecutor, leaseMs: number): Promise<LiveReplica[]> {
  return tx.all<LiveReplica>(
    `SELECT id, started_at FROM replicas WHERE seen_at >= ${databaseNow} - ? ORDER BY started_at, id`,
    [leaseMs],
  )
}

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ')
