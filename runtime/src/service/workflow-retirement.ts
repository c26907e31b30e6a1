import type { Db, Statement } from '../store/database'
import type { Writer } from '../store/writer'

/**
 * What goes with a deleted workflow: the runtime policy set for it and the work still waiting on
 * it, so that a workflow made later under the same id starts from its own document's defaults
 * (no step switched to manual, no autonomy level, no signing secret, no deploy waiting for
 * approval, no start answered with an old instance). Named as the `workflow.deleted` audit entry
 * reports them.
 */
const removed = {
  stepSwitches: { table: 'step_fallbacks' },
  autonomyLevels: { table: 'step_autonomy' },
  autonomyReviews: { table: 'autonomy_reviews' },
  autonomyProposals: { table: 'autonomy_proposals' },
  classifierModels: { table: 'classifier_models' },
  schedules: { table: 'schedules' },
  webhookSecrets: { table: 'webhook_secrets' },
  webhookDeliveries: { table: 'webhook_deliveries' },
  idempotencyKeys: { table: 'idempotency_keys' },
  pendingDeployRequests: { table: 'deployment_requests', where: "state = 'pending'" },
} satisfies Record<string, { table: string; where?: string }>

/**
 * What stays, as evidence of what happened: a new workflow under the same id shows it as its
 * history. The deployments stay for the instances that ran on them, retired: the new workflow
 * runs only what it deploys itself, numbered after them.
 */
export const keptAfterDeletion =
  'the audit log, the event log, instances with their tasks and incidents, deployments (retired), decided deploy requests, pilots and metrics'

type Removed = keyof typeof removed

/** The rows of one workflow that its deletion removes: counted for the audit entry, then deleted. */
export class WorkflowRetirement {
  private readonly sql: Array<{ name: Removed; count: Statement; remove: string }>

  constructor(db: Db) {
    this.sql = Object.entries(removed).map(([name, rows]) => {
      const where = `workflow_id = ?${'where' in rows ? ` AND ${rows.where}` : ''}`
      return {
        name: name as Removed,
        count: db.prepare(`SELECT COUNT(*) AS n FROM ${rows.table} WHERE ${where}`),
        remove: `DELETE FROM ${rows.table} WHERE ${where}`,
      }
    })
  }

  /** How many rows of each kind the workflow has now (kinds with none are left out). */
  count(workflowId: string): Partial<Record<Removed, number>> {
    const counts: Partial<Record<Removed, number>> = {}
    for (const { name, count } of this.sql) {
      const { n } = count.get(workflowId) as { n: number }
      if (n > 0) counts[name] = n
    }
    return counts
  }

  /** Deletes them all and retires the deployments, in the writer's batch that deletes the workflow. */
  remove(writer: Pick<Writer, 'write'>, workflowId: string, at: number): void {
    for (const { remove } of this.sql) writer.write(remove, [workflowId])
    writer.write('UPDATE deployments SET retired_at = ? WHERE workflow_id = ? AND retired_at IS NULL', [
      at,
      workflowId,
    ])
  }
}
