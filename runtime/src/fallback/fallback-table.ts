import { forgetStepsOf, stepKeyText as keyOf, type StepKey } from '../store/step-key'
import type { BatchWriter, Clock } from '../engine/engine-parts'
import {
  countStepFailure,
  resetStepFailures,
  switchStepFallback,
  tripStepFallback,
  type StepFallbackRow,
} from '../store/repositories/step-fallback-rows'
import type { SqlWrite } from '../store/writer'

export interface FallbackState {
  manual: boolean
  since: number | null
  by: string | null
  reason: string | null
  failures: number
}

const automatic: FallbackState = { manual: false, since: null, by: null, reason: null, failures: 0 }

/**
 * Which steps are switched to manual and each step's count of failures in a row. Held in
 * memory (every visit of a step asks) and written in the open batch, so a switch commits with the
 * audit row that explains it and survives a crash.
 *
 * Several replicas on one database: the stored count is added to (`failures + 1`, reset to 0),
 * never overwritten, so no replica's failure is lost; each replica's memory holds the count it
 * last read (`reload`) plus its own since. The breaker trips when one replica's count reaches the
 * threshold, and only if the stored count has too (`tripStepFallback`). "In a row" is therefore
 * approximate across replicas: failures counted on others since the last reload are seen by the
 * stored guard but not by the local decision, and a success anywhere resets the stored count.
 */
export class FallbackTable {
  private readonly states = new Map<string, FallbackState>()
  /** Told of each switch as it is written, to wake the other replicas once it has committed. */
  onSwitched: (key: StepKey) => void = () => undefined

  constructor(
    private readonly writer: BatchWriter,
    private readonly now: Clock,
  ) {}

  /** Holds the stored policy in place of what it held (at start-up, before any visit asks; after missed wake-ups). */
  loadAll(rows: readonly StepFallbackRow[]): void {
    this.states.clear()
    this.take(rows)
  }

  private take(rows: readonly StepFallbackRow[]): void {
    for (const row of rows) {
      this.states.set(keyOf({ workflowId: row.workflow_id, nodeId: row.node_id }), {
        manual: row.manual === 1,
        since: row.since,
        by: row.by,
        reason: row.reason,
        failures: row.failures,
      })
    }
  }

  /** Holds a workflow's rows as stored now (another replica changed them), in place of what it held. */
  reload(workflowId: string, rows: readonly StepFallbackRow[]): void {
    forgetStepsOf(this.states, workflowId)
    this.take(rows)
  }

  state(key: StepKey): FallbackState {
    return this.states.get(keyOf(key)) ?? automatic
  }

  isManual(key: StepKey): boolean {
    return this.states.get(keyOf(key))?.manual === true
  }

  /**
   * Switches the step to manual or back, audited with who and why (and the figures behind it);
   * false when it already was. Either way round the breaker's count starts again. `tripAt`: the
   * breaker's trip, stored only if the step's stored count has reached it.
   */
  switch(
    key: StepKey,
    manual: boolean,
    reason: string,
    by: string,
    figures: Record<string, unknown> = {},
    tripAt?: number,
  ): boolean {
    if (this.state(key).manual === manual) return false
    const now = this.now()
    this.states.set(keyOf(key), { manual, since: now, by, reason, failures: 0 })
    const row = { workflow_id: key.workflowId, node_id: key.nodeId, since: now, by, reason }
    this.write(
      tripAt === undefined
        ? switchStepFallback({ ...row, manual: manual ? 1 : 0 })
        : tripStepFallback(row, tripAt),
    )
    this.writer.auditWorkflow({
      at: now,
      actor: by,
      action: manual ? 'step.switched-to-manual' : 'step.switched-to-automatic',
      ...key,
      detail: { reason, ...figures },
    })
    this.onSwitched(key)
    return true
  }

  /** One more failed call in a row; returns the count. */
  failed(key: StepKey): number {
    const state = this.state(key)
    this.states.set(keyOf(key), { ...state, failures: state.failures + 1 })
    this.write(countStepFailure(key.workflowId, key.nodeId))
    return state.failures + 1
  }

  /** A call went through: the count starts again (written only when there was one). */
  succeeded(key: StepKey): void {
    const state = this.state(key)
    if (state.failures === 0) return
    this.states.set(keyOf(key), { ...state, failures: 0 })
    this.write(resetStepFailures(key.workflowId, key.nodeId))
  }

  /** Forgets a deleted workflow's steps, in the batch that deletes their rows. */
  forget(workflowId: string): void {
    forgetStepsOf(this.states, workflowId)
  }

  private write({ sql, params }: SqlWrite): void {
    this.writer.write(sql, params)
  }
}
