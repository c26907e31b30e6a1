import type { Db } from '../store/database'
import type { Writer } from '../store/writer'
import { generateWebhookSecret } from '../http/webhooks/standard-webhooks'

/**
 * Webhook signing secrets. Unlike API tokens they are kept as they are: checking an HMAC needs the
 * key itself. A new secret and its audit entry (which never holds the secret) share a transaction.
 */
export class WebhookSecrets {
  private readonly sql

  constructor(
    db: Db,
    private readonly writer: Writer,
    private readonly now: () => number,
  ) {
    this.sql = {
      upsert: db.prepare(`
        INSERT INTO webhook_secrets (workflow_id, trigger_id, secret, created_at, created_by) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (workflow_id, trigger_id) DO UPDATE SET
          secret = excluded.secret, created_at = excluded.created_at, created_by = excluded.created_by`),
      one: db.prepare('SELECT secret FROM webhook_secrets WHERE workflow_id = ? AND trigger_id = ?'),
    }
  }

  async rotate(workflowId: string, triggerId: string, by: string): Promise<string> {
    const secret = generateWebhookSecret()
    const at = this.now()
    this.writer.run(() => this.sql.upsert.run(workflowId, triggerId, secret, at, by))
    this.writer.audit({
      at,
      actor: by,
      action: 'webhook.secret_rotated',
      workflowId,
      instanceId: null,
      nodeId: triggerId,
    })
    await this.writer.committed()
    return secret
  }

  secret(workflowId: string, triggerId: string): string | undefined {
    return (this.sql.one.get(workflowId, triggerId) as { secret: string } | undefined)?.secret
  }
}

/**
 * Deletes every signing secret of a workflow, for the transaction that deletes the workflow: a new
 * workflow made later under the same id must not accept deliveries signed for the deleted one.
 */
export function webhookSecretsRetirement(db: Db): (workflowId: string) => void {
  const retire = db.prepare('DELETE FROM webhook_secrets WHERE workflow_id = ?')
  return (workflowId) => {
    retire.run(workflowId)
  }
}
