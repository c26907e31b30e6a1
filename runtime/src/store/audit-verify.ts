import type { AuditVerification } from '../service/types'
import { auditRowOf, chainHash, genesisHash, type StoredAuditRow } from './audit-chain'
import { auditPage, lastAuditSeq } from './repositories/audit-rows'
import type { SqlDatabase, SqlExecutor } from './sql'

/**
 * Recomputes the chain one row at a time, in `seq` order: a row edited, inserted or deleted in the
 * database directly breaks the hash of its own row or of the next one. Fed row by row so that a
 * chain read in pages, from either database, is checked in one pass without holding it all.
 */
export class AuditChainCheck {
  private prevHash = genesisHash
  private expectedSeq = 1
  private checked = 0
  private broken: AuditVerification | undefined

  /** Takes the next row; false once the chain is broken, when the rest need not be read. */
  add(row: StoredAuditRow): boolean {
    if (this.broken) return false
    const brokenAt = row.seq
    if (row.seq !== this.expectedSeq) {
      this.broken = {
        ok: false,
        checked: this.checked,
        brokenAt,
        reason: `entry ${this.expectedSeq} is missing`,
      }
    } else if (row.prev_hash !== this.prevHash) {
      const reason = 'it does not point at the entry before it'
      this.broken = { ok: false, checked: this.checked, brokenAt, reason }
    } else if (chainHash(this.prevHash, auditRowOf(row)) !== row.hash) {
      const reason = 'its content does not match its hash (edited)'
      this.broken = { ok: false, checked: this.checked, brokenAt, reason }
    }
    if (this.broken) return false
    this.prevHash = row.hash
    this.expectedSeq++
    this.checked++
    return true
  }

  result(): AuditVerification {
    return this.broken ?? { ok: true, checked: this.checked, lastHash: this.prevHash }
  }
}

/** Audit rows read per page: what one page costs in memory. */
export const auditPageSize = 10_000

/**
 * Walks the whole audit log and recomputes its chain, in keyset pages. It checks the chain as it
 * stood when the walk began: on PostgreSQL the pages are read in one REPEATABLE READ snapshot
 * (replicas keep appending meanwhile); on SQLite the rows are read up to the last `seq` there was
 * then, outside a transaction (the writer commits its batches on the same connection, and audit
 * rows are only ever appended, so that prefix cannot change while it is read).
 */
export async function verifyAuditChain(
  db: SqlDatabase,
  pageSize = auditPageSize,
): Promise<AuditVerification> {
  if (db.engine === 'sqlite') return checkChain(db, pageSize)
  return db.transaction(async (tx) => {
    await tx.run('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY')
    return checkChain(tx, pageSize)
  })
}

async function checkChain(sql: SqlExecutor, pageSize: number): Promise<AuditVerification> {
  const check = new AuditChainCheck()
  const until = await lastAuditSeq(sql)
  for (let after = 0; ;) {
    const rows = await auditPage(sql, after, until, pageSize)
    for (const row of rows) if (!check.add(row)) return check.result()
    if (rows.length < pageSize) return check.result()
    after = rows[rows.length - 1]!.seq
  }
}
