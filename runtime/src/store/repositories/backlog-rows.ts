import type { SqlExecutor } from '../sql'
import { databaseNow } from './lease-rows'

/** Work waiting longer than it should, as the monitoring of replicas reads it. */
export interface Backlog {
  /** Pending timers due more than the grace before `now`: nobody fires them. */
  overdueTimers: number
  /** When the oldest pending outbox work (a call not yet made or retried) was recorded. */
  oldestPendingOutboxAt: number | null
  pendingCommands: number
  /** When the oldest command still waiting for its partition's owner was submitted. */
  oldestPendingCommandAt: number | null
}

export async function readBacklog(sql: SqlExecutor, now: number, overdueAfterMs: number): Promise<Backlog> {
  const timers = await sql.get<{ overdue: number }>(
    `SELECT count(*) AS overdue FROM timers WHERE status = 'pending' AND due_at < ?`,
    [now - overdueAfterMs],
  )
  const outbox = await sql.get<{ oldest: number | null }>(
    `SELECT min(created_at) AS oldest FROM outbox WHERE status = 'pending'`,
  )
  const commands = await sql.get<{ pending: number; oldest: number | null }>(
    `SELECT count(*) AS pending, min(created_at) AS oldest FROM commands WHERE status = 'pending'`,
  )
  return {
    overdueTimers: Number(timers?.overdue ?? 0),
    oldestPendingOutboxAt: outbox?.oldest ?? null,
    pendingCommands: Number(commands?.pending ?? 0),
    oldestPendingCommandAt: commands?.oldest ?? null,
  }
}

/** PostgreSQL: partitions without an owner or whose owner's lease ran out, in the database's clock. */
export async function unheldPartitionCount(sql: SqlExecutor): Promise<number> {
  const row = await sql.get<{ unheld: number }>(
    `SELECT count(*) AS unheld FROM partition_leases WHERE owner IS NULL OR expires_at < ${databaseNow}`,
  )
  return Number(row?.unheld ?? 0)
}
