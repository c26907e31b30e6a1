import { isSealed, type SecretCipher } from '../secrets/secret-cipher'
import { keyMismatch } from '../secrets/secret-key'
import type { Db } from '../store/database'
import type { Writer } from '../store/writer'
import { generateWebhookSecret } from '../http/webhooks/standard-webhooks'

interface SecretRow {
  workflow_id: string
  trigger_id: string
  secret: string
}

/** What a trigger's secret is sealed to: a value copied to another trigger's row does not open. */
const boundTo = (workflowId: string, triggerId: string) => `webhook:${workflowId}/${triggerId}`

/**
 * Webhook signing secrets. Unlike API tokens they cannot be hashed (checking an HMAC needs the key
 * itself), so they are sealed like the connectors' secrets. A new secret and its audit entry
 * (which never holds the secret) share a transaction.
 */
export class WebhookSecrets {
  private readonly sql

  constructor(
    private readonly db: Db,
    private readonly writer: Writer,
    private readonly cipher: SecretCipher,
    private readonly now: () => number,
  ) {
    this.sql = {
      one: db.prepare('SELECT secret FROM webhook_secrets WHERE workflow_id = ? AND trigger_id = ?'),
      any: db.prepare('SELECT workflow_id, trigger_id, secret FROM webhook_secrets LIMIT 1'),
    }
  }

  /** Seals what older data folders kept plain, after checking the key opens what is sealed. */
  prepare(keySource: string): void {
    const row = this.sql.any.get() as SecretRow | undefined
    if (row && isSealed(row.secret)) {
      try {
        this.cipher.open(row.secret, boundTo(row.workflow_id, row.trigger_id))
      } catch {
        throw keyMismatch(keySource)
      }
    }
    sealPlainSecrets(this.db, this.cipher)
  }

  async rotate(workflowId: string, triggerId: string, by: string): Promise<string> {
    const secret = generateWebhookSecret()
    const at = this.now()
    const sealed = this.cipher.seal(secret, boundTo(workflowId, triggerId))
    this.writer.write(
      `INSERT INTO webhook_secrets (workflow_id, trigger_id, secret, created_at, created_by) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (workflow_id, trigger_id) DO UPDATE SET
          secret = excluded.secret, created_at = excluded.created_at, created_by = excluded.created_by`,
      [workflowId, triggerId, sealed, at, by],
    )
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

  secret(workflowId: string, triggerId: string): string | undefined {
    const row = this.sql.one.get(workflowId, triggerId) as { secret: string } | undefined
    return row && this.cipher.open(row.secret, boundTo(workflowId, triggerId))
  }
}

/**
 * Seals the secrets data folders from before sealing kept as they were. Each row is updated only
 * while it still holds the plain value, so a tool opening the folder beside the server is harmless.
 */
function sealPlainSecrets(db: Db, cipher: SecretCipher): void {
  const rows = db.prepare('SELECT workflow_id, trigger_id, secret FROM webhook_secrets').all() as SecretRow[]
  const plain = rows.filter((row) => !isSealed(row.secret))
  if (plain.length === 0) return
  const seal = db.prepare(
    'UPDATE webhook_secrets SET secret = ? WHERE workflow_id = ? AND trigger_id = ? AND secret = ?',
  )
  db.transaction(() => {
    for (const row of plain) {
      const sealed = cipher.seal(row.secret, boundTo(row.workflow_id, row.trigger_id))
      seal.run(sealed, row.workflow_id, row.trigger_id, row.secret)
    }
  })()
}
