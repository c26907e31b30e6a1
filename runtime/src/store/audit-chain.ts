import { hash } from 'node:crypto'

export const genesisHash = '0'.repeat(64)

export interface AuditRow {
  seq: number
  at: number
  actor: string
  action: string
  workflowId: string | null
  instanceId: string | null
  nodeId: string | null
  detail: string | null
}

/** The row as hashed: fixed key order, so the same row always gives the same bytes. */
export function canonicalAuditRow(row: AuditRow): string {
  return JSON.stringify([
    row.seq,
    row.at,
    row.actor,
    row.action,
    row.workflowId,
    row.instanceId,
    row.nodeId,
    row.detail,
  ])
}

export function chainHash(prevHash: string, row: AuditRow): string {
  return hash('sha256', prevHash + canonicalAuditRow(row), 'hex')
}
