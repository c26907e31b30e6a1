import type { Engine } from './engine'
import type { LiveInstance } from './live-instance'
import { workId } from './node-work'

export type TimerKind = 'retry' | 'delay' | 'sla'

interface TimerRow {
  id: string
  instance_id: string
  node_id: string
  visit: number
  kind: TimerKind
  due_at: number
  attempt: number
}

const maxSleepMs = 30_000

/**
 * Timers are rows with absolute due times (XState's `after` does not survive a restore). A timer
 * is marked fired in the same transaction as what firing it does, so it fires exactly once,
 * across restarts too.
 */
export class TimerLoop {
  private handle: NodeJS.Timeout | undefined
  private wakeAt = Number.POSITIVE_INFINITY
  private running = false
  private readonly firing = new Set<string>()

  constructor(private readonly engine: Engine) {}

  schedule(
    live: LiveInstance,
    nodeId: string,
    visit: number,
    kind: TimerKind,
    dueAt: number,
    attempt = 0,
  ): void {
    const id = `${workId(live, nodeId, visit)}:${kind}:${attempt}`
    this.engine.writer.run(() =>
      this.engine.sql.insertTimer.run(id, live.id, nodeId, visit, kind, dueAt, attempt),
    )
    this.engine.writer.afterCommit(() => this.wake(dueAt))
  }

  start(): void {
    this.running = true
    this.tick()
  }

  stop(): void {
    this.running = false
    clearTimeout(this.handle)
    this.handle = undefined
  }

  private wake(dueAt: number): void {
    if (this.running && dueAt < this.wakeAt) this.arm(dueAt)
  }

  private arm(at: number): void {
    clearTimeout(this.handle)
    this.wakeAt = at
    const delay = Math.min(Math.max(0, at - this.engine.now()), maxSleepMs)
    this.handle = setTimeout(() => this.tick(), delay)
    this.handle.unref()
  }

  /** Fires every timer that is due now (the loop calls it; tests with a moved clock too). */
  tick(): void {
    if (!this.running) return
    this.wakeAt = Number.POSITIVE_INFINITY
    const now = this.engine.now()
    for (const row of this.engine.sql.dueTimers.all(now) as TimerRow[]) {
      if (!this.firing.has(row.id)) this.fire(row, now)
    }
    const next = (this.engine.sql.nextDue.get() as { due: number | null }).due
    this.arm(next === null ? now + maxSleepMs : Math.max(next, now + 1))
  }

  private fire(row: TimerRow, now: number): void {
    const engine = this.engine
    this.firing.add(row.id)
    const live = engine.restore(row.instance_id)
    const current = live !== undefined && engine.isCurrent(live, row.node_id, row.visit)
    engine.writer.run(() => engine.sql.fireTimer.run(current ? 'fired' : 'stale', now, row.id))
    engine.writer.afterCommit(() => this.firing.delete(row.id))
    if (!live || !current) return
    if (row.kind === 'retry') engine.work.perform(live, row.node_id, row.visit, row.attempt + 1)
    else if (row.kind === 'delay')
      engine.work.finish(live, row.node_id, row.visit, 1, { type: 'STEP_DONE', nodeId: row.node_id })
    else this.breach(live, row)
  }

  /** SLA breached: escalate open tasks to the named lane, or take the step's timeout path. */
  private breach(live: LiveInstance, row: TimerRow): void {
    const engine = this.engine
    const node = live.deployment.compiled.manifest.nodes[row.node_id]
    if (node?.kind !== 'step' && node?.kind !== 'decision') return
    const now = engine.now()
    const escalateTo = node.sla?.escalateTo
    engine.writer.event({
      at: now,
      instanceId: live.id,
      workflowId: live.deployment.workflowId,
      deploymentId: live.deployment.id,
      type: 'sla.breached',
      nodeId: row.node_id,
      visit: row.visit,
      detail: escalateTo ? { escalatedTo: escalateTo } : null,
    })
    engine.writer.audit({
      at: now,
      actor: 'system',
      action: 'sla.breached',
      workflowId: live.deployment.workflowId,
      instanceId: live.id,
      nodeId: row.node_id,
      detail: escalateTo ? { escalatedTo: escalateTo } : null,
    })
    if (escalateTo) {
      engine.writer.run(() => engine.sql.escalateTasks.run(escalateTo, live.id, row.node_id, row.visit))
    } else if (node.kind === 'step' && node.exceptions.timeout) {
      engine.writer.outboxStatus(workId(live, row.node_id, row.visit), 'cancelled', 0, 'SLA breached', now)
      engine.dispatch(live, { type: 'STEP_TIMEOUT', nodeId: row.node_id })
    }
  }
}
