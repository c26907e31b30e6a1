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

/** A row of the `audit` table as SQLite returns it. */
export interface StoredAuditRow {
  seq: number
  at: number
  actor: string
  action: string
  workflow_id: string | null
  instance_id: string | null
  node_id: string | null
  detail: string | null
  prev_hash: string
  hash: string
}

/**
 * The hashed columns in a fixed order: the order of the `audit` table's first columns, and of the
 * canonical form, so the same row always gives the same bytes.
 */
export function auditColumns(row: AuditRow): Array<string | number | null> {
  return [row.seq, row.at, row.actor, row.action, row.workflowId, row.instanceId, row.nodeId, row.detail]
}

export function auditRowOf(stored: StoredAuditRow): AuditRow {
  return {
    seq: stored.seq,
    at: stored.at,
    actor: stored.actor,
    action: stored.action,
    workflowId: stored.workflow_id,
    instanceId: stored.instance_id,
    nodeId: stored.node_id,
    detail: stored.detail,
  }
}

export function canonicalAuditRow(row: AuditRow): string {
  return JSON.stringify(auditColumns(row))
}

export function chainHash(prevHash: string, row: AuditRow): string {
  return hash('sha256', prevHash + canonicalAuditRow(row), 'hex')
}
