import type { StepHistory } from '@conveyor/shared/protocol/step-history'
import { NotFoundError } from '../service/errors'
import { auditView } from '../service/queries'
import type { WorkflowCatalog } from '../service/workflows'
import { nodeAuditRows, workflowAuditRows } from '../store/repositories/audit-rows'
import type { SqlExecutor } from '../store/sql'
import { historyLine, pilotActions, stepActions } from './step-history-lines'

/** How many lines a step's history gives when the caller does not say. */
export const defaultHistoryLength = 50

/**
 * A step's history: the audit rows about it (switches, autonomy changes, proposals, declines,
 * demotions) and about the workflow's pilots, newest first, told in words. Each read uses the
 * audit's (workflow, action, seq) index, so a workflow's many instance rows are never scanned.
 */
export class StepHistoryReader {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly catalog: Pick<WorkflowCatalog, 'get'>,
  ) {}

  async read(workflowId: string, nodeId: string, limit = defaultHistoryLength): Promise<StepHistory> {
    const { document } = await this.catalog.get(workflowId)
    const step = await nodeAuditRows(this.sql, workflowId, nodeId, stepActions, limit)
    // A node since removed from the document keeps its history; one never there has none to give.
    if (step.length === 0 && !document.nodes.some((node) => node.id === nodeId)) {
      throw new NotFoundError(`step of workflow "${workflowId}"`, nodeId)
    }
    const pilots = await workflowAuditRows(this.sql, workflowId, pilotActions, limit)
    const items = [...step, ...pilots]
      .sort((a, b) => b.seq - a.seq)
      .slice(0, limit)
      .map((row) => historyLine(auditView(row)))
    return { workflowId, nodeId, items }
  }
}
