import type { BatchWriter, Clock, Dispatcher } from './engine-parts'
import { workId, type LiveInstance } from './live-instance'
import type { NodeWork } from './node-work'
import type { TaskTable } from './tasks'
import type { TimerRow, TimerTable } from './timer-table'

const maxSleepMs = 30_000

/** What firing timers needs from the rest of the engine. */
export interface TimerLoopParts {
  table: Pick<TimerTable, 'due' | 'nextDue' | 'settle'>
  instances: Dispatcher
  work: Pick<NodeWork, 'perform' | 'finish'>
  tasks: Pick<TaskTable, 'escalate'>
  writer: BatchWriter
  now: Clock
}

/**
 * Fires the timer table's rows when they fall due. A timer is marked fired in the same
 * transaction as what firing it does, so it fires exactly once, across restarts too.
 */
export class TimerLoop {
  private handle: NodeJS.Timeout | undefined
  private wakeAt = Number.POSITIVE_INFINITY
  private running = false
  /** Timers whose `fired` mark is not committed yet: their rows still read as due. */
  private readonly firing = new Set<string>()

  constructor(private readonly parts: TimerLoopParts) {}

  start(): void {
    this.running = true
    this.tick()
  }

  stop(): void {
    this.running = false
    clearTimeout(this.handle)
    this.handle = undefined
  }

  /** A timer due at `dueAt` was committed: sleep no longer than until then. */
  wake(dueAt: number): void {
    if (this.running && dueAt < this.wakeAt) this.arm(dueAt)
  }

  private arm(at: number): void {
    clearTimeout(this.handle)
    this.wakeAt = at
    const delay = Math.min(Math.max(0, at - this.parts.now()), maxSleepMs)
    this.handle = setTimeout(() => this.tick(), delay)
    this.handle.unref()
  }

  /** Fires every timer that is due now (the loop calls it; tests with a moved clock too). */
  tick(): void {
    if (!this.running) return
    this.wakeAt = Number.POSITIVE_INFINITY
    const now = this.parts.now()
    for (const row of this.parts.table.due(now)) {
      if (!this.firing.has(row.id)) this.fire(row, now)
    }
    const next = this.parts.table.nextDue()
    this.arm(next === null ? now + maxSleepMs : Math.max(next, now + 1))
  }

  private fire(row: TimerRow, now: number): void {
    const { instances, table, writer, work } = this.parts
    this.firing.add(row.id)
    const live = instances.restore(row.instance_id)
    const current = live !== undefined && instances.isCurrent(live, row.node_id, row.visit)
    table.settle(row.id, current ? 'fired' : 'stale', now)
    writer.afterCommit(() => this.firing.delete(row.id))
    if (!live || !current) return
    if (row.kind === 'retry') work.perform(live, row.node_id, row.visit, row.attempt + 1)
    else if (row.kind === 'delay')
      work.finish(live, row.node_id, row.visit, 1, { type: 'STEP_DONE', nodeId: row.node_id })
    else this.breach(live, row)
  }

  /** SLA breached: escalate open tasks to the named lane, or take the step's timeout path. */
  private breach(live: LiveInstance, row: TimerRow): void {
    const { instances, tasks, writer } = this.parts
    const node = live.deployment.compiled.manifest.nodes[row.node_id]
    if (node?.kind !== 'step' && node?.kind !== 'decision') return
    const now = this.parts.now()
    const escalateTo = node.sla?.escalateTo
    writer.event({
      at: now,
      instanceId: live.id,
      workflowId: live.deployment.workflowId,
      deploymentId: live.deployment.id,
      type: 'sla.breached',
      nodeId: row.node_id,
      visit: row.visit,
      detail: escalateTo ? { escalatedTo: escalateTo } : null,
    })
    writer.audit({
      at: now,
      actor: 'system',
      action: 'sla.breached',
      workflowId: live.deployment.workflowId,
      instanceId: live.id,
      nodeId: row.node_id,
      detail: escalateTo ? { escalatedTo: escalateTo } : null,
    })
    if (escalateTo) {
      tasks.escalate(live, row.node_id, row.visit, escalateTo)
    } else if (node.kind === 'step' && node.exceptions.timeout) {
      writer.outboxStatus(workId(live, row.node_id, row.visit), 'cancelled', 0, 'SLA breached', now)
      instances.dispatch(live, { type: 'STEP_TIMEOUT', nodeId: row.node_id })
    }
  }
}
