import { auditColumns, chainHash, genesisHash, type AuditRow } from './audit-chain'
import { json, type AuditWrite } from './batch-rows'
import { flatValues, placeholderRows, rowRuns } from './multi-row'
import type { SqlDatabase, SqlExecutor, SqlValue } from './sql/sql-database'

/**
 * The transaction-scoped advisory lock that serializes appends to the one audit chain on
 * PostgreSQL (distinct from the migrations' lock key).
 */
export const auditLockKey = 7_160_420_026

/**
 * Appends `entries` to the audit chain, inside the transaction `tx`, after its head as committed
 * now. Call it as the batch's last step: on PostgreSQL it waits for the audit lock, which it holds
 * until the transaction ends, so concurrent writers (replicas) append one after another and the
 * chain has no gap or fork; on SQLite the write transaction already serializes them. The seq is
 * the writer's (head + 1…), not an identity, so a rolled-back append leaves no gap.
 */
export async function appendAudit(
  tx: SqlExecutor,
  engine: SqlDatabase['engine'],
  entries: readonly AuditWrite[],
): Promise<void> {
  if (entries.length === 0) return
  if (engine === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(?)', [auditLockKey])
  // Read under the lock (a new snapshot on PostgreSQL): another writer may have appended since.
  const head = await tx.get<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1',
  )
  let seq = head?.seq ?? 0
  let prevHash = head?.hash ?? genesisHash
  const chained: Array<{ row: AuditRow; prevHash: string; hash: string }> = []
  for (const entry of entries) {
    const row: AuditRow = {
      seq: ++seq,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      workflowId: entry.workflowId,
      instanceId: entry.instanceId,
      nodeId: entry.nodeId,
      detail: json(entry.detail),
    }
    const hash = chainHash(prevHash, row)
    chained.push({ row, prevHash, hash })
    prevHash = hash
  }
  for (const run of rowRuns(chained)) {
    await tx.run(
      `INSERT INTO audit (seq, at, actor, action, workflow_id, instance_id, node_id, detail, prev_hash, hash)
        VALUES ${placeholderRows(10, run.length)}`,
      flatValues(run, (c, into: SqlValue[]) => into.push(...auditColumns(c.row), c.prevHash, c.hash)),
    )
  }
}
