import { forgetStepsOf, stepKeyText as keyOf, type StepKey } from '../store/step-key'
import type { BatchWriter, Clock } from '../engine/engine-parts'
import { saveStepFallback, type StepFallbackRow } from '../store/repositories/step-fallback-rows'

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
 */
export class FallbackTable {
  private readonly states = new Map<string, FallbackState>()

  constructor(
    private readonly writer: BatchWriter,
    private readonly now: Clock,
  ) {}

  /** Holds the stored policy (read once at start-up, before any visit asks). */
  loadAll(rows: readonly StepFallbackRow[]): void {
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

  state(key: StepKey): FallbackState {
    return this.states.get(keyOf(key)) ?? automatic
  }

  isManual(key: StepKey): boolean {
    return this.states.get(keyOf(key))?.manual === true
  }

  /**
   * Switches the step to manual or back, audited with who and why (and the figures behind it);
   * false when it already was. Either way round the breaker's count starts again.
   */
  switch(
    key: StepKey,
    manual: boolean,
    reason: string,
    by: string,
    figures: Record<string, unknown> = {},
  ): boolean {
    if (this.state(key).manual === manual) return false
    const now = this.now()
    this.save(key, { manual, since: now, by, reason, failures: 0 })
    this.writer.auditWorkflow({
      at: now,
      actor: by,
      action: manual ? 'step.switched-to-manual' : 'step.switched-to-automatic',
      ...key,
      detail: { reason, ...figures },
    })
    return true
  }

  /** One more failed call in a row; returns the count. */
  failed(key: StepKey): number {
    const state = this.state(key)
    this.save(key, { ...state, failures: state.failures + 1 })
    return state.failures + 1
  }

  /** A call went through: the count starts again (written only when there was one). */
  succeeded(key: StepKey): void {
    const state = this.state(key)
    if (state.failures > 0) this.save(key, { ...state, failures: 0 })
  }

  /** Forgets a deleted workflow's steps, in the batch that deletes their rows. */
  forget(workflowId: string): void {
    forgetStepsOf(this.states, workflowId)
  }

  private save(key: StepKey, state: FallbackState): void {
    this.states.set(keyOf(key), state)
    const { sql, params } = saveStepFallback({
      workflow_id: key.workflowId,
      node_id: key.nodeId,
      manual: state.manual ? 1 : 0,
      since: state.since,
      by: state.by,
      reason: state.reason,
      failures: state.failures,
    })
    this.writer.write(sql, params)
  }
}
