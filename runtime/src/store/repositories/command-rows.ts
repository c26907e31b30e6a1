import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'

/**
 * The `commands` table (migration 27): requests handed to the owner of a partition by a replica
 * that does not own it. PostgreSQL only (claims use `FOR UPDATE SKIP LOCKED`): a SQLite folder's
 * one process owns every partition and runs its work itself.
 */

export type CommandStatus = 'pending' | 'done' | 'failed'

/** A command as its owner claimed it: what to run, and the claim that lets it store the outcome. */
export interface ClaimedCommand {
  id: string
  part: number
  kind: string
  /** JSON. */
  payload: string
  claimed_epoch: number
  /** The epoch an earlier owner had claimed it at; null on its first claim. */
  earlier_epoch: number | null
}

/** A command that has an outcome: `result` (JSON) when done, `error` (JSON) when failed. */
export interface CommandOutcome {
  id: string
  status: Exclude<CommandStatus, 'pending'>
  result: string | null
  error: string | null
}

export function insertCommand(command: {
  id: string
  part: number
  kind: string
  payload: string
  at: number
}): SqlWrite {
  return {
    sql: `INSERT INTO commands (id, part, kind, payload, status, created_at) VALUES (?, ?, ?, ?, 'pending', ?)`,
    params: [command.id, command.part, command.kind, command.payload, command.at],
  }
}

/**
 * Claims for `replica`, owner of `part` at `epoch`, up to `limit` pending commands of the part,
 * oldest first: those nobody claimed, and those claimed at an earlier epoch (by an earlier owner,
 * which may have died before finishing them). Epochs only rise from owner to owner, so a claim at
 * the current epoch is this owner's own. Rows another transaction holds are skipped, and a row
 * claimed meanwhile is re-checked and left. Each comes with the epoch it was claimed at before, if
 * any: an earlier owner may have applied it already.
 */
export function claimPending(
  db: SqlExecutor,
  claim: { replica: string; part: number; epoch: number; limit: number; at: number },
): Promise<ClaimedCommand[]> {
  return db.all<ClaimedCommand>(
    `UPDATE commands AS c SET claimed_by = ?, claimed_epoch = ?, claimed_at = ?
     FROM (
       SELECT id, claimed_epoch FROM commands
       WHERE part = ? AND status = 'pending' AND (claimed_epoch IS NULL OR claimed_epoch < ?)
       ORDER BY created_at, id LIMIT ? FOR UPDATE SKIP LOCKED) AS earlier
     WHERE c.id = earlier.id
     RETURNING c.id, c.part, c.kind, c.payload, c.claimed_epoch, earlier.claimed_epoch AS earlier_epoch`,
    [claim.replica, claim.epoch, claim.at, claim.part, claim.epoch, claim.limit],
  )
}

/**
 * Among `parts`, each pending command's partition and the epoch it was claimed at (null: not
 * claimed), one row per distinct pair: the owner's poll for work it was not woken for.
 */
export function pendingClaims(
  db: SqlExecutor,
  parts: readonly number[],
): Promise<Array<{ part: number; claimed_epoch: number | null }>> {
  if (parts.length === 0) return Promise.resolve([])
  return db.all(
    `SELECT DISTINCT part, claimed_epoch FROM commands WHERE status = 'pending' AND part IN (${placeholders(parts)})`,
    [...parts],
  )
}

/**
 * Stores a command's outcome, only while the claim it ran under still holds: still pending and
 * claimed by `replica` at `epoch`. A write that changes no row came too late (a later owner claimed
 * the command again) and its outcome is not the command's.
 */
export function storeOutcome(outcome: {
  id: string
  replica: string
  epoch: number
  status: Exclude<CommandStatus, 'pending'>
  result: string | null
  error: string | null
  at: number
}): SqlWrite {
  return {
    sql: `UPDATE commands SET status = ?, result = ?, error = ?, done_at = ?
          WHERE id = ? AND status = 'pending' AND claimed_by = ? AND claimed_epoch = ?`,
    params: [
      outcome.status,
      outcome.result,
      outcome.error,
      outcome.at,
      outcome.id,
      outcome.replica,
      outcome.epoch,
    ],
  }
}

/** The outcomes of those of `ids` that have one; pending ones are left out. */
export function outcomesOf(db: SqlExecutor, ids: readonly string[]): Promise<CommandOutcome[]> {
  if (ids.length === 0) return Promise.resolve([])
  return db.all<CommandOutcome>(
    `SELECT id, status, result, error FROM commands WHERE status <> 'pending' AND id IN (${placeholders(ids)})`,
    [...ids],
  )
}

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ')
