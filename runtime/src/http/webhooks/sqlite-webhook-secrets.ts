import type { Db } from '../../store/database'
import type { Writer } from '../../store/writer'
import type { WebhookSecrets } from '../routes/webhooks'
import { generateWebhookSecret } from './standard-webhooks'

/**
 * Webhook signing secrets in their own table of the runtime's database. Unlike API tokens they are
 * kept as they are: checking an HMAC needs the key itself. A new secret and its audit entry (which
 * never holds the secret) are committed together through the runtime's writer.
 */
export function createSqliteWebhookSecrets(
  db: Db,
  writer: Writer,
  now: () => number = Date.now,
): WebhookSecrets {
  db.exec(`
    CREATE TABLE IF NOT EXISTS webhook_secrets (
      workflow_id TEXT NOT NULL,
      trigger_id TEXT NOT NULL,
      secret TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      created_by TEXT NOT NULL,
      PRIMARY KEY (workflow_id, trigger_id)
    )
  `)
  const upsert = db.prepare(`
    INSERT INTO webhook_secrets (workflow_id, trigger_id, secret, created_at, created_by) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (workflow_id, trigger_id) DO UPDATE SET
      secret = excluded.secret, created_at = excluded.created_at, created_by = excluded.created_by
  `)
  const select = db.prepare('SELECT secret FROM webhook_secrets WHERE workflow_id = ? AND trigger_id = ?')
  return {
    async rotateWebhookSecret(workflowId, triggerId, by = 'system') {
      const secret = generateWebhookSecret()
      const at = now()
      writer.run(() => upsert.run(workflowId, triggerId, secret, at, by))
      writer.audit({
        at,
        actor: by,
        action: 'webhook.secret_rotated',
        workflowId,
        instanceId: null,
        nodeId: triggerId,
      })
      await writer.committed()
      return secret
    },
    async webhookSecretsFor(workflowId, triggerId) {
      const row = select.get(workflowId, triggerId) as { secret: string } | undefined
      return row ? [row.secret] : []
    },
  }
}
