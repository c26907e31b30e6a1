import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'

/** What an earlier start under the same key or delivery left: the request's fingerprint and its instance. */
export interface EarlierStart {
  request_hash: string
  instance_id: string
}

/** Reads of the tables that make starts idempotent: `idempotency_keys` and `webhook_deliveries`. */
export class InstanceStartRows {
  constructor(private readonly sql: SqlExecutor) {}

  byKey(workflowId: string, key: string): Promise<EarlierStart | undefined> {
    return this.sql.get<EarlierStart>(
      'SELECT request_hash, instance_id FROM idempotency_keys WHERE workflow_id = ? AND key = ?',
      [workflowId, key],
    )
  }

  /** A delivery has no fingerprint: a webhook sender's retry is the same delivery, whatever it carries. */
  byDelivery(workflowId: string, deliveryId: string): Promise<EarlierStart | undefined> {
    return this.sql.get<EarlierStart>(
      "SELECT '' AS request_hash, instance_id FROM webhook_deliveries WHERE workflow_id = ? AND delivery_id = ?",
      [workflowId, deliveryId],
    )
  }
}

export const recordIdempotencyKey = (
  workflowId: string,
  key: string,
  requestHash: string,
  instanceId: string,
  at: number,
): SqlWrite => ({
  sql: 'INSERT INTO idempotency_keys (workflow_id, key, request_hash, instance_id, created_at) VALUES (?, ?, ?, ?, ?)',
  params: [workflowId, key, requestHash, instanceId, at],
})

export const recordWebhookDelivery = (
  workflowId: string,
  deliveryId: string,
  triggerId: string,
  instanceId: string,
  at: number,
): SqlWrite => ({
  sql: `INSERT INTO webhook_deliveries (workflow_id, delivery_id, trigger_id, instance_id, received_at)
    VALUES (?, ?, ?, ?, ?)`,
  params: [workflowId, deliveryId, triggerId, instanceId, at],
})
