import {
  countWorkflowRows,
  deleteWorkflowRows,
  type WorkflowOwnedRows,
} from '../store/repositories/workflow-retirement-rows'
import { retireDeployments } from '../store/repositories/workflow-rows'
import type { SqlExecutor } from '../store/sql'
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
} satisfies Record<string, WorkflowOwnedRows>

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
  constructor(private readonly sql: SqlExecutor) {}

  /** How many rows of each kind the workflow has now (kinds with none are left out). */
  async count(workflowId: string): Promise<Partial<Record<Removed, number>>> {
    const kinds = Object.entries(removed) as Array<[Removed, WorkflowOwnedRows]>
    const counts = await Promise.all(kinds.map(([, rows]) => countWorkflowRows(this.sql, rows, workflowId)))
    const found: Partial<Record<Removed, number>> = {}
    kinds.forEach(([name], i) => {
      if (counts[i]! > 0) found[name] = counts[i]
    })
    return found
  }

  /** Deletes them all and retires the deployments, in the writer's batch that deletes the workflow. */
  remove(writer: Pick<Writer, 'write'>, workflowId: string, at: number): void {
    for (const rows of Object.values(removed)) {
      const { sql, params } = deleteWorkflowRows(rows, workflowId)
      writer.write(sql, params)
    }
    const { sql, params } = retireDeployments(workflowId, at)
    writer.write(sql, params)
  }
}
