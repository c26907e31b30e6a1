import type { AuditVerification } from '../service/types'
import { auditRowOf, chainHash, genesisHash, type StoredAuditRow } from './audit-chain'
import type { Db } from './database'

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

/** Walks the whole audit log of a SQLite store and recomputes its chain. */
export function verifyAuditChain(db: Db): AuditVerification {
  const check = new AuditChainCheck()
  const rows = db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<StoredAuditRow>
  for (const row of rows) if (!check.add(row)) break
  return check.result()
}
