import type { ResolvedAutonomy } from '@conveyor/shared'
import { notify, type NotificationListener } from '../store/postgres/notifications'
import type { SqlDatabase } from '../store/sql'
import type { StepKey } from '../store/step-key'
import type { AutonomyPolicy } from './autonomy-policy'

/** The channel on which a replica hands a step's verdicts to the workflow's owner to judge. */
export const judgeChannel = 'conveyor_autonomy'

interface JudgeRequest {
  key: StepKey
  settings: ResolvedAutonomy
}

/**
 * Judging autonomy on the workflow's owner only (PostgreSQL, several replicas): a verdict
 * recorded on another replica wakes the replicas with the step and its settings once the verdict
 * has committed, and the owner judges it in turn with the others of that step. A wake-up lost (or
 * sent while the workflow changes owner) leaves the judging to the step's next verdict: the
 * figures are read from the stored reviews, so nothing is counted twice or lost.
 */
export class OwnerJudging {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly policy: Pick<AutonomyPolicy, 'handToOwner' | 'judgeInTurn'>,
    private readonly owns: (workflowId: string) => boolean,
    private readonly onError: (error: unknown) => void,
  ) {
    if (sql.engine !== 'postgres') return
    policy.handToOwner = (key, settings) => {
      if (this.owns(key.workflowId)) return false
      const request: JudgeRequest = { key, settings }
      notify(this.sql, judgeChannel, JSON.stringify(request)).catch(this.onError)
      return true
    }
  }

  /** Judges what other replicas hand over for the workflows owned here; resolves once listening. */
  listen(listener: Pick<NotificationListener, 'listen'>): Promise<() => void> {
    return listener.listen(judgeChannel, (payload) => {
      let request: JudgeRequest
      try {
        request = JSON.parse(payload) as JudgeRequest
      } catch (error) {
        this.onError(new Error(`a verdict handed over to be judged cannot be read: ${String(error)}`))
        return
      }
      if (this.owns(request.key.workflowId)) this.policy.judgeInTurn(request.key, request.settings)
    })
  }
}
