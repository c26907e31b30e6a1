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
  /** The tick in progress: ticks run one at a time, so a row read as due is fired once. */
  private ticking: Promise<void> | undefined
  /** A tick was asked for while one ran: it runs again once that one is done. */
  private again = false

  constructor(private readonly parts: TimerLoopParts) {}

  /** Starts the loop; resolves once the timers due now are fired. */
  start(): Promise<void> {
    this.running = true
    return this.tick()
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
    this.handle = setTimeout(() => {
      this.tick().catch((error: unknown) => {
        if (!this.running) return
        // A failed read: the timers stay due and are tried again on the next wake-up.
        console.error('Firing due timers failed:', error)
        this.arm(this.parts.now() + maxSleepMs)
      })
    }, delay)
    this.handle.unref()
  }

  /**
   * Fires every timer that is due now (the loop calls it; tests with a moved clock too). Resolves
   * once what firing them does is recorded in the open batch.
   */
  tick(): Promise<void> {
    if (this.ticking) {
      this.again = true
      return this.ticking
    }
    this.ticking = this.tickUntilDone()
    return this.ticking
  }

  private async tickUntilDone(): Promise<void> {
    try {
      do {
        this.again = false
        await this.fireDue()
      } while (this.again && this.running)
    } finally {
      this.ticking = undefined
    }
  }

  private async fireDue(): Promise<void> {
    if (!this.running) return
    this.wakeAt = Number.POSITIVE_INFINITY
    const now = this.parts.now()
    const due = (await this.parts.table.due(now)).filter((row) => !this.firing.has(row.id))
    if (!this.running) return
    if (due.length > 0) {
      for (const row of due) this.firing.add(row.id)
      let held: Map<string, LiveInstance>
      try {
        // The instances of all due timers, those evicted from memory loaded together.
        held = await this.parts.instances.loadAll(due.map((row) => row.instance_id))
      } catch (error) {
        for (const row of due) this.firing.delete(row.id)
        throw error
      }
      for (const row of due) this.fire(row, held.get(row.instance_id), now)
    }
    const next = await this.parts.table.nextDue(now)
    // A timer committed during the read may have woken the loop earlier already.
    this.wake(next === null ? now + maxSleepMs : Math.max(next, now + 1))
  }

  private fire(row: TimerRow, live: LiveInstance | undefined, now: number): void {
    const { instances, table, writer, work } = this.parts
    // Its partition was lost during the reads: its new owner fires it.
    if (!instances.owns(row.instance_id)) {
      this.firing.delete(row.id)
      return
    }
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
