import type { AuditVerification } from '../service/types'
import { auditRowOf, chainHash, genesisHash, type StoredAuditRow } from './audit-chain'
import type { Db } from './database'

/**
 * Walks the whole audit log and recomputes the chain: a row edited, inserted or deleted in the
 * database directly breaks the hash of its own row or of the next one.
 */
export function verifyAuditChain(db: Db): AuditVerification {
  let prevHash = genesisHash
  let expectedSeq = 1
  let checked = 0
  const rows = db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<StoredAuditRow>
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      return { ok: false, checked, brokenAt: row.seq, reason: `entry ${expectedSeq} is missing` }
    }
    if (row.prev_hash !== prevHash) {
      return { ok: false, checked, brokenAt: row.seq, reason: 'it does not point at the entry before it' }
    }
    if (chainHash(prevHash, auditRowOf(row)) !== row.hash) {
      return { ok: false, checked, brokenAt: row.seq, reason: 'its content does not match its hash (edited)' }
    }
    prevHash = row.hash
    expectedSeq++
    checked++
  }
  return { ok: true, checked, lastHash: prevHash }
}
