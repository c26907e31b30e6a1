import type { SqlExecutor } from '../sql'
import type { SqlWrite } from '../writer'

/** A webhook trigger's signing secret as stored: sealed, or plain in data folders from before sealing. */
export interface WebhookSecretRow {
  workflow_id: string
  trigger_id: string
  secret: string
}

/** Reads of the `webhook_secrets` table. */
export class WebhookSecretRows {
  constructor(private readonly sql: SqlExecutor) {}

  async secret(workflowId: string, triggerId: string): Promise<string | undefined> {
    const row = await this.sql.get<{ secret: string }>(
      'SELECT secret FROM webhook_secrets WHERE workflow_id = ? AND trigger_id = ?',
      [workflowId, triggerId],
    )
    return row?.secret
  }

  /** Any one row: enough to check that the key opens what is sealed. */
  any(): Promise<WebhookSecretRow | undefined> {
    return this.sql.get<WebhookSecretRow>(
      'SELECT workflow_id, trigger_id, secret FROM webhook_secrets LIMIT 1',
    )
  }

  all(): Promise<WebhookSecretRow[]> {
    return this.sql.all<WebhookSecretRow>('SELECT workflow_id, trigger_id, secret FROM webhook_secrets')
  }
}

/** Stores a trigger's new secret, replacing the one it had. */
export function storeWebhookSecret(
  workflowId: string,
  triggerId: string,
  secret: string,
  at: number,
  by: string,
): SqlWrite {
  return {
    sql: `INSERT INTO webhook_secrets (workflow_id, trigger_id, secret, created_at, created_by) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (workflow_id, trigger_id) DO UPDATE SET
        secret = excluded.secret, created_at = excluded.created_at, created_by = excluded.created_by`,
    params: [workflowId, triggerId, secret, at, by],
  }
}

/** Replaces a plain secret with its sealed form, only while the row still holds that plain value. */
export function sealWebhookSecret(row: WebhookSecretRow, sealed: string): SqlWrite {
  return {
    sql: 'UPDATE webhook_secrets SET secret = ? WHERE workflow_id = ? AND trigger_id = ? AND secret = ?',
    params: [sealed, row.workflow_id, row.trigger_id, row.secret],
  }
}
