import { isSealed, type SecretCipher } from '../secrets/secret-cipher'
import { keyMismatch } from '../secrets/secret-key'
import {
  sealWebhookSecret,
  storeWebhookSecret,
  WebhookSecretRows,
} from '../store/repositories/webhook-secret-rows'
import type { SqlExecutor } from '../store/sql'
import type { Writer } from '../store/writer'
import { generateWebhookSecret } from '../http/webhooks/standard-webhooks'

/** What a trigger's secret is sealed to: a value copied to another trigger's row does not open. */
const boundTo = (workflowId: string, triggerId: string) => `webhook:${workflowId}/${triggerId}`

/**
 * Webhook signing secrets. Unlike API tokens they cannot be hashed (checking an HMAC needs the key
 * itself), so they are sealed like the connectors' secrets. A new secret and its audit entry
 * (which never holds the secret) share a transaction.
 */
export class WebhookSecrets {
  private readonly rows

  constructor(
    sql: SqlExecutor,
    private readonly writer: Writer,
    private readonly cipher: SecretCipher,
    private readonly now: () => number,
  ) {
    this.rows = new WebhookSecretRows(sql)
  }

  /**
   * Seals what older data folders kept plain, after checking the key opens what is sealed. The
   * seals go in one batch, each only while its row still holds the plain value, so a tool opening
   * the folder beside the server is harmless.
   */
  async prepare(keySource: string): Promise<void> {
    const row = await this.rows.any()
    if (row && isSealed(row.secret)) {
      try {
        this.cipher.open(row.secret, boundTo(row.workflow_id, row.trigger_id))
      } catch {
        throw keyMismatch(keySource)
      }
    }
    const plain = (await this.rows.all()).filter((stored) => !isSealed(stored.secret))
    if (plain.length === 0) return
    for (const stored of plain) {
      const seal = sealWebhookSecret(
        stored,
        this.cipher.seal(stored.secret, boundTo(stored.workflow_id, stored.trigger_id)),
      )
      this.writer.write(seal.sql, seal.params)
    }
    await this.writer.committed()
  }

  async rotate(workflowId: string, triggerId: string, by: string): Promise<string> {
    const secret = generateWebhookSecret()
    const at = this.now()
    const sealed = this.cipher.seal(secret, boundTo(workflowId, triggerId))
    const store = storeWebhookSecret(workflowId, triggerId, sealed, at, by)
    this.writer.write(store.sql, store.params)
    this.writer.auditWorkflow({
      at,
      actor: by,
      action: 'webhook.secret_rotated',
      workflowId,
      nodeId: triggerId,
    })
    await this.writer.committed()
    return secret
  }

  async secret(workflowId: string, triggerId: string): Promise<string | undefined> {
    const sealed = await this.rows.secret(workflowId, triggerId)
    return sealed && this.cipher.open(sealed, boundTo(workflowId, triggerId))
  }
}
