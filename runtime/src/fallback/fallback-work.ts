import { defaultFailuresInARow, fallbackStepOf, type FallbackStep } from '@conveyor/shared'
import type { StepError } from '../connectors/step-error'
import type { BatchWriter, Clock, Dispatcher } from '../engine/engine-parts'
import { refresh, workId, type LiveInstance } from '../engine/live-instance'
import type { TaskTable } from '../engine/tasks'
import type { TimerTable } from '../engine/timer-table'
import { pendingRetriesOf } from '../store/repositories/timer-rows'
import type { SqlExecutor } from '../store/sql'
import type { StepKey } from '../store/step-key'
import type { FallbackTable } from './fallback-table'

/** What handing work over to people needs from the rest of the engine. */
export interface FallbackWorkParts {
  sql: SqlExecutor
  table: FallbackTable
  instances: Dispatcher
  writer: BatchWriter
  now: Clock
  tasks: Pick<TaskTable, 'create'>
  timers: Pick<TimerTable, 'settle'>
}

/** The step's manifest entry when it calls an outside service or the assistant (and so can fall back). */
function fallbackStep(live: LiveInstance, nodeId: string): FallbackStep | undefined {
  return fallbackStepOf(live.deployment.compiled.manifest.nodes[nodeId])
}

function isRunning(instances: Dispatcher): boolean {
  try {
    instances.assertRunning()
    return true
  } catch {
    return false
  }
}

const keyOf = (live: LiveInstance, nodeId: string): StepKey => ({
  workflowId: live.deployment.workflowId,
  nodeId,
})

/**
 * Manual fallback: while a step is switched to manual, its work becomes a task in its fallback
 * lane (with its fallback form) instead of a call to its service or assistant, and the task's
 * answers are the step's result. The circuit breaker switches a step to manual itself after the
 * deployment's number of failures in a row (visits whose call failed for good).
 */
export class FallbackWork {
  constructor(private readonly parts: FallbackWorkParts) {}

  /** Hands the visit over to people when its step is switched to manual; true when it did. */
  takesOver(live: LiveInstance, nodeId: string, visit: number): boolean {
    if (!fallbackStep(live, nodeId) || !this.parts.table.isManual(keyOf(live, nodeId))) return false
    this.handOver(live, nodeId, visit)
    return true
  }

  /**
   * A call of the step's service failed. Once its retries are used up (or it cannot be retried)
   * the visit counts towards the step's breaker, which may trip. Returns true when the step is (now)
   * manual and the visit went to people instead of its retry or its failure path.
   */
  failed(live: LiveInstance, nodeId: string, visit: number, error: StepError, retries: boolean): boolean {
    const step = fallbackStep(live, nodeId)
    if (!step || step.mode !== 'automate') return false
    if (!retries) this.countFailure(live, nodeId, error.message)
    return this.takesOver(live, nodeId, visit)
  }

  /** The assistant failed to suggest (the task is made without a suggestion): counted the same way. */
  assistantFailed(live: LiveInstance, nodeId: string, error: string): void {
    if (fallbackStep(live, nodeId)) this.countFailure(live, nodeId, error)
  }

  /** A call went through: the breaker's count starts again. */
  succeeded(live: LiveInstance, nodeId: string): void {
    if (fallbackStep(live, nodeId)) this.parts.table.succeeded(keyOf(live, nodeId))
  }

  /**
   * An operator's (or the breaker's) switch. Switched to manual, items waiting for a retry of the
   * step's call go to people now rather than when their retry falls due; switched back, new visits
   * call the service again. False when it already was in that position.
   */
  switch(
    key: StepKey,
    manual: boolean,
    reason: string,
    by: string,
    figures?: Record<string, unknown>,
    tripAt?: number,
  ) {
    const changed = this.parts.table.switch(key, manual, reason, by, figures, tripAt)
    // Once the switch is committed, so retries recorded in the same batch are found too.
    if (changed && manual) {
      this.parts.writer.afterCommit(() => {
        this.moveWaiting(key).catch((error: unknown) => {
          // The retry timers still hand the items over, when they fall due.
          if (isRunning(this.parts.instances))
            console.error('Handing waiting retries to people failed:', error)
        })
      })
    }
    return changed
  }

  private countFailure(live: LiveInstance, nodeId: string, error: string): void {
    const key = keyOf(live, nodeId)
    if (this.parts.table.isManual(key)) return
    const failures = this.parts.table.failed(key)
    const breakAfter =
      live.deployment.compiled.manifest.circuitBreaker?.failuresInARow ?? defaultFailuresInARow
    if (failures < breakAfter) return
    const figures = { failuresInARow: failures, breakAfter, lastError: error, instanceId: live.id }
    this.switch(key, true, `${failures} failures in a row; the last: ${error}`, 'system', figures, breakAfter)
  }

  private async moveWaiting(key: StepKey): Promise<void> {
    const { instances, timers, now, sql } = this.parts
    // Stopped meanwhile: the retry timers hand the items over when they fall due after a restart.
    if (!isRunning(instances)) return
    // Other partitions' items go to people on their owners, when their retry timers fall due.
    const owned = (row: { instance_id: string }) => instances.owns(row.instance_id)
    const rows = (await pendingRetriesOf(sql, key.workflowId, key.nodeId)).filter(owned)
    if (rows.length === 0) return
    const held = await instances.loadAll(rows.map((row) => row.instance_id))
    // Switched back meanwhile: the retries stay, and call the service again when they fall due.
    if (!this.parts.table.isManual(key)) return
    for (const row of rows) {
      // A partition lost during the reads: its new owner's retry timer hands the item over.
      if (!owned(row)) continue
      const live = held.get(row.instance_id)
      // A retry that fell due during the reads already handed its visit over.
      const current =
        live !== undefined &&
        instances.isCurrent(live, row.node_id, row.visit) &&
        !live.byHand.has(row.node_id)
      timers.settle(row.id, 'stale', now())
      if (current) this.handOver(live, row.node_id, row.visit)
    }
  }

  private handOver(live: LiveInstance, nodeId: string, visit: number): void {
    const step = fallbackStep(live, nodeId)!
    const { reason } = this.parts.table.state(keyOf(live, nodeId))
    // The call is not made (or not again): the task stands for it.
    this.parts.writer.outboxStatus(workId(live, nodeId, visit), 'done', 0, null, this.parts.now())
    live.byHand.add(nodeId)
    // Waiting for a person now, like any task: the instance may leave memory meanwhile.
    refresh(live, this.parts.now())
    this.parts.writer.instance(live)
    this.parts.instances.releaseWhenIdle(live)
    this.parts.tasks.create(live, nodeId, visit, {
      lane: step.fallback.lane,
      fallback: { form: step.fallback.form, reason: reason ?? 'switched to manual' },
    })
  }
}
