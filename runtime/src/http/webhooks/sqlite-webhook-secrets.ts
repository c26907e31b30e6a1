import type { WebhookSecretStore } from '../routes/webhooks'
import { WebhookSecrets } from '../../service/webhook-secrets'
import type { Db } from '../../store/database'
import type { Writer } from '../../store/writer'

/**
 * The service's webhook secrets over a database and writer, for a server still wiring them by
 * hand. `createApp` uses the service's own when `webhookSecrets` is left out; prefer that.
 */
export function createSqliteWebhookSecrets(db: Db, writer: Writer): WebhookSecretStore {
  const secrets = new WebhookSecrets(db, writer, Date.now)
  return {
    rotateWebhookSecret: (workflowId, triggerId, by = 'system') => secrets.rotate(workflowId, triggerId, by),
    webhookSecret: async (workflowId, triggerId) => secrets.secret(workflowId, triggerId),
  }
}
