import type { StepHistory } from '@conveyor/shared/protocol/step-history'
import type { StoredAuditRow } from '../store/audit-chain'
import type { Db } from '../store/database'
import { NotFoundError } from '../service/errors'
import { auditView } from '../service/queries'
import type { WorkflowCatalog } from '../service/workflows'
import { historyLine, pilotActionPrefix, stepActions } from './step-history-lines'

/** How many lines a step's history gives when the caller does not say. */
export const defaultHistoryLength = 50

/**
 * A step's history: the audit rows about it (switches, autonomy changes, proposals, declines,
 * demotions) and about the workflow's pilots, newest first, told in words. Each read uses the
 * audit's (workflow, action, seq) index, so a workflow's many instance rows are never scanned.
 */
export class StepHistoryReader {
  private readonly aboutStep
  private readonly aboutPilots

  constructor(
    db: Db,
    private readonly catalog: Pick<WorkflowCatalog, 'get'>,
  ) {
    const actions = stepActions.map(() => '?').join(', ')
    this.aboutStep = db.prepare(
      `SELECT * FROM audit WHERE workflow_id = ? AND action IN (${actions}) AND node_id = ?
        ORDER BY seq DESC LIMIT ?`,
    )
    // Every action from `pilot.` up to (not including) `pilot/`, the next character after the dot.
    this.aboutPilots = db.prepare(
      `SELECT * FROM audit WHERE workflow_id = ? AND action >= ? AND action < ? AND instance_id IS NULL
        ORDER BY seq DESC LIMIT ?`,
    )
  }

  read(workflowId: string, nodeId: string, limit = defaultHistoryLength): StepHistory {
    const { document } = this.catalog.get(workflowId)
    const step = this.aboutStep.all(workflowId, ...stepActions, nodeId, limit) as StoredAuditRow[]
    // A node since removed from the document keeps its history; one never there has none to give.
    if (step.length === 0 && !document.nodes.some((node) => node.id === nodeId)) {
      throw new NotFoundError(`step of workflow "${workflowId}"`, nodeId)
    }
    const pilots = this.aboutPilots.all(
      workflowId,
      pilotActionPrefix,
      pilotActionPrefix.slice(0, -1) + '/',
      limit,
    ) as StoredAuditRow[]
    const items = [...step, ...pilots]
      .sort((a, b) => b.seq - a.seq)
      .slice(0, limit)
      .map((row) => historyLine(auditView(row)))
    return { workflowId, nodeId, items }
  }
}
