import type { WorkflowEvent } from '@conveyor/shared'
import { createActor } from 'xstate'
import type { OwnershipEvents } from '../cluster/ownership'
import { partitionCount, partitionOf } from '../cluster/partitions'
import type { AssistantProvider } from '../assistant/provider'
import { AutonomyPolicy } from '../autonomy/autonomy-policy'
import { AutonomyTable } from '../autonomy/autonomy-table'
import { FallbackTable } from '../fallback/fallback-table'
import { FallbackWork } from '../fallback/fallback-work'
import type { AddressPolicy } from '../connectors/address-policy'
import type { SecretSource } from '../connectors/call-secrets'
import { UnavailableError } from '../service/errors'
import type { InstanceStatus } from '../service/types'
import { closeInstanceWork } from '../store/repositories/instance-rows'
import { pendingWorkToResume } from '../store/repositories/outbox-rows'
import { stepFallbackRows } from '../store/repositories/step-fallback-rows'
import type { SqlExecutor } from '../store/sql'
import type { SqlWrite, Writer } from '../store/writer'
import {
  assertDepthWithin,
  assertSizeWithin,
  jsonLimits,
  JsonLimitError,
  mebibytes,
} from '../limits/json-limits'
import type { DeploymentCache, LoadedDeployment } from './deployments'
import type { Dispatcher } from './engine-parts'
import { eventDetail, eventPayload } from './event-detail'
import { IncidentTable } from './incidents'
import { isFinished, liveInstance, refresh, type LiveInstance } from './live-instance'
import { LiveInstances } from './live-instances'
import { collectEntered } from './machine'
import { NodeWork } from './node-work'
import { NotOwnedError } from './not-owned-error'
import { OwnedParts } from './owned-parts'
import { TaskActions } from './task-actions'
import { TaskTable } from './tasks'
import { TimerLoop } from './timer-loop'
import { TimerTable } from './timer-table'

export interface EngineOptions {
  /** The store's port: what the engine reads (instances to restore, timers, tasks) it reads here. */
  sql: SqlExecutor
  writer: Writer
  deployments: DeploymentCache
  policy: AddressPolicy
  /** The values of the secrets connectors reference, opened per call. */
  secrets?: SecretSource
  assistant: AssistantProvider
  now: () => number
  /**
   * Where the replica's partition gains and losses are told: the engine acts on the instances of
   * the partitions it owns, resuming their work as it gains them (`resumed`).
   */
  ownership: { subscribe(events: Partial<OwnershipEvents>): () => void }
}

/** An instance that finished or stopped in an incident, as its listeners are told. */
export interface SettledInstance {
  id: string
  workflowId: string
  status: InstanceStatus
}

/**
 * The machine decides, the engine acts. `send` feeds an event to an instance's actor, records
 * the transition (snapshot, event log, audit) in the open group-commit batch, and hands every
 * node the transition entered to `NodeWork`, whose results come back through `send`.
 *
 * The engine wires its parts together; each part is given the narrow pieces it needs (the writer,
 * the clock, a table, this engine as their `Dispatcher`), never the engine itself.
 */
export class Engine implements Dispatcher {
  private readonly instances: LiveInstances
  readonly work: NodeWork
  readonly timers: TimerLoop
  readonly tasks: TaskActions
  readonly incidents: IncidentTable
  /** Each augment step's autonomy level, its figures and proposals. */
  readonly autonomy: AutonomyPolicy
  /** Steps switched to manual and their circuit breakers. */
  readonly fallbackTable: FallbackTable
  readonly fallbacks: FallbackWork
  private readonly timerTable: TimerTable
  /** The partitions this replica owns: the engine acts on their instances only. */
  private readonly owned = new OwnedParts()
  /** Partitions gained whose work has not been resumed yet: resumed together, in one pass. */
  private readonly toResume = new Set<number>()
  /** The latest resume pass (rejects when it failed); passes run one after another. */
  private resumePass: Promise<void> = Promise.resolve()
  private readonly sql: SqlExecutor
  private readonly writer: Writer
  /** Once stopped, work still in flight (a slow HTTP call) finds its node no longer current. */
  private stopped = false
  /** Why the engine stopped after a failed commit; undefined while it runs (or after a clean stop). */
  private haltReason: string | undefined
  private readonly settledListeners = new Set<(settled: SettledInstance) => void>()
  private readonly unsubscribe: () => void

  constructor(readonly options: EngineOptions) {
    const { sql, writer, now, policy, secrets, assistant } = options
    this.writer = writer
    this.sql = sql
    this.instances = new LiveInstances(sql, options.deployments, now, this.owned)
    // An event of an instance is written with the instance's row, numbered after its other events.
    writer.liveInstance = (instanceId) => this.instances.get(instanceId)
    // The table tells the loop (made below) of a new due time only once the timer's row is committed.
    this.timerTable = new TimerTable(sql, writer, this.owned, (dueAt) => this.timers.wake(dueAt))
    const tasks = new TaskTable(sql, writer, now)
    this.incidents = new IncidentTable(writer, now, (live) => this.settled(live))
    const common = { instances: this, writer, now }
    this.autonomy = new AutonomyPolicy(new AutonomyTable(sql, writer, now), writer, now)
    this.fallbackTable = new FallbackTable(writer, now)
    const { timerTable: timers, incidents, autonomy } = this
    const table = this.fallbackTable
    this.fallbacks = new FallbackWork({ ...common, sql, table, tasks, timers })
    const fallback = this.fallbacks
    this.work = new NodeWork({
      ...common,
      ...{ timers, tasks, incidents, policy, secrets, assistant, autonomy, fallback },
    })
    this.timers = new TimerLoop({ ...common, table: timers, work: this.work, tasks })
    this.tasks = new TaskActions({ ...common, tasks, work: this.work, assistant, autonomy })
    this.unsubscribe = options.ownership.subscribe({
      onGained: (part) => this.onGained(part),
      onLost: (parts) => this.onLost(parts),
    })
  }

  /**
   * Called once an instance's final transition, or the incident it stopped in, is committed: the
   * moments its outcome can be counted. Returns an unsubscribe function.
   */
  onSettled(listener: (settled: SettledInstance) => void): () => void {
    this.settledListeners.add(listener)
    return () => this.settledListeners.delete(listener)
  }

  private settled(live: LiveInstance): void {
    if (this.settledListeners.size === 0) return
    const settled = { id: live.id, workflowId: live.deployment.workflowId, status: live.status }
    this.writer.afterCommit(() => {
      for (const listener of this.settledListeners) listener(settled)
    })
  }

  now(): number {
    return this.options.now()
  }

  /** Resolves once everything recorded so far is committed (rejects after a failed commit). */
  committed(): Promise<void> {
    return this.writer.committed()
  }

  /** Creates an instance and sends START; resolves once that transition is committed. */
  start(
    id: string,
    deployment: LoadedDeployment,
    trigger: string,
    input: Record<string, unknown>,
    by: string,
    alsoWrite?: SqlWrite,
  ): { live: LiveInstance; committed: Promise<void> } {
    this.assertRunning()
    this.assertOwns(id)
    assertDepthWithin(input, 'input')
    const actor = createActor(deployment.machine)
    collectEntered(actor, null)
    const live = liveInstance({
      id,
      deployment,
      actor,
      trigger,
      startedAt: this.now(),
      visits: {},
      active: [],
      status: 'running',
      outcome: null,
      endedAt: null,
      incidents: new Set(),
    })
    this.instances.add(live)
    if (alsoWrite) this.writer.write(alsoWrite.sql, alsoWrite.params)
    const committed = this.send(live, { type: 'START', trigger, input }, by)
    return { live, committed }
  }

  /** True while the node is active at this visit (work for an older visit is stale). */
  isCurrent(live: LiveInstance, nodeId: string, visit: number): boolean {
    return (
      !this.stopped &&
      !this.instances.isDropped(live) &&
      !isFinished(live.status) &&
      live.visits[nodeId] === visit &&
      live.active.includes(nodeId)
    )
  }

  /**
   * Throws, before anything changes, when the engine has stopped (UnavailableError) or the event
   * carries data over the JSON limits (JsonLimitError): state that cannot be stored is never entered.
   * Returns the event's detail as stored in the event log and the audit entry.
   */
  admit(live: LiveInstance, event: WorkflowEvent): string | null {
    this.assertRunning()
    if (this.instances.isDropped(live)) throw new NotOwnedError(live.id)
    const nodeId = 'nodeId' in event ? event.nodeId : null
    const visit = nodeId ? (live.visits[nodeId] ?? null) : null
    const payload = eventPayload(event)
    if (payload) assertDepthWithin(payload.value, payload.name)
    const fields = eventDetail(event)
    // One serialization serves the size checks, the event log and the audit entry.
    const detail =
      fields || visit !== null ? JSON.stringify(visit === null ? fields : { visit, ...fields }) : null
    if (payload && detail) {
      assertSizeWithin(detail, payload.name)
      if (live.stateBytes + detail.length > jsonLimits.maxStateBytes) {
        throw new JsonLimitError(
          'size',
          `with this ${payload.name} the instance's data would be larger than ${mebibytes(jsonLimits.maxStateBytes)} (the limit)`,
        )
      }
    }
    return detail
  }

  /** Moves the instance's machine with `event` once `admit` accepts it (see there for what throws). */
  send(live: LiveInstance, event: WorkflowEvent, by = 'system'): Promise<void> {
    const detail = this.admit(live, event)
    live.stateBytes += detail?.length ?? 0
    const nodeId = 'nodeId' in event ? event.nodeId : null
    const visit = nodeId ? (live.visits[nodeId] ?? null) : null
    const before = live.active
    const entered = collectEntered(live.actor, event)
    const now = this.now()
    for (const id of entered) live.visits[id] = (live.visits[id] ?? 0) + 1
    live.transitions++
    refresh(live, now)
    const w = this.writer
    const base = {
      instanceId: live.id,
      workflowId: live.deployment.workflowId,
      deploymentId: live.deployment.id,
    }
    w.instance(live)
    const enteredText = entered.length > 0 ? entered.map((id) => `${id}:${live.visits[id]}`).join(',') : null
    w.event({ ...base, at: now, type: event.type, nodeId, visit, entered: enteredText, detail })
    w.audit({
      at: now,
      actor: by,
      action: `instance.${event.type.toLowerCase()}`,
      workflowId: base.workflowId,
      instanceId: live.id,
      nodeId,
      detail,
    })
    for (const id of before) {
      if (!live.active.includes(id)) this.work.left(live, id)
    }
    for (const id of entered) this.work.enter(live, id, live.visits[id]!)
    // After the entered nodes' work took its hold (`busy`): the eviction checks it once committed.
    this.releaseWhenIdle(live)
    if (isFinished(live.status)) {
      w.event({ ...base, at: now, type: 'finished', detail: { outcome: live.outcome } })
      // Only a cancelled instance can leave work behind (an end node is reached when all work is done).
      if (event.type === 'CANCEL') {
        for (const { sql, params } of closeInstanceWork(live.id, now)) w.write(sql, params)
      }
      this.instances.finished(live, (done) => w.afterCommit(done))
      this.settled(live)
    }
    return w.committed()
  }

  /**
   * `send` for the engine's own events, which carry no outside data: a failed commit is reported
   * by the writer, not thrown here, and once stopped (or the instance dropped) the event is dropped
   * too (the store has the truth).
   */
  dispatch(live: LiveInstance, event: WorkflowEvent, by?: string): void {
    if (this.stopped || this.instances.isDropped(live)) return
    this.send(live, event, by).catch(() => undefined)
  }

  /**
   * A batch could not be committed: what is in memory is ahead of the store, so the engine stops
   * acting (fail-stop). After a restart every instance resumes from its last committed state.
   */
  halt(error: unknown): void {
    if (this.haltReason !== undefined) return
    const failure = error instanceof Error ? error.message : String(error)
    this.haltReason = `${failure}; restart Conveyor to resume from the last committed state`
    this.stopped = true
    this.timers.stop()
    console.error(`Conveyor stopped running workflows: ${this.haltReason}`)
  }

  /** Why the engine is not running workflows after a failed commit, or undefined. */
  get halted(): string | undefined {
    return this.haltReason
  }

  assertRunning(): void {
    if (this.stopped) {
      throw new UnavailableError(
        this.haltReason
          ? `Conveyor stopped running workflows: ${this.haltReason}`
          : 'Conveyor is shutting down',
      )
    }
  }

  /**
   * An instance waiting for a person or a clock may wait for weeks: once its state is committed and
   * nothing holds it, it leaves memory and is restored from the store when something happens.
   */
  releaseWhenIdle(live: LiveInstance): void {
    if (this.stopped || live.status !== 'waiting') return
    const transitions = live.transitions
    this.writer.afterCommit(() => this.evictIfIdle(live, transitions))
  }

  private evictIfIdle(live: LiveInstance, transitions: number): void {
    const idle = live.transitions === transitions && live.busy === 0 && live.status === 'waiting'
    if (idle) this.instances.evict(live)
  }

  /** True while this replica owns the instance's partition. */
  owns(instanceId: string): boolean {
    return this.owned.ownsInstance(instanceId)
  }

  /** Throws NotOwnedError unless this replica owns the instance's partition. */
  assertOwns(instanceId: string): void {
    if (!this.owned.ownsInstance(instanceId)) throw new NotOwnedError(instanceId)
  }

  /** The instance if it is in memory now: what a part re-checks after an await. */
  live(instanceId: string): LiveInstance | undefined {
    return this.instances.get(instanceId)
  }

  /**
   * The live instance, loaded from its last committed snapshot when not in memory; undefined once
   * it has finished (or when there is no such instance). Throws once the engine has stopped.
   */
  async load(instanceId: string): Promise<LiveInstance | undefined> {
    return (await this.loadAll([instanceId])).get(instanceId)
  }

  /**
   * `load` for many instances at once (one read per table for all that are not in memory). Throws
   * NotOwnedError when one belongs to a partition not owned; one whose partition is lost during
   * the read comes back dropped (never current, and refused if sent an event).
   */
  async loadAll(instanceIds: readonly string[]): Promise<Map<string, LiveInstance>> {
    this.assertRunning()
    for (const id of instanceIds) this.assertOwns(id)
    const found = await this.instances.load(instanceIds)
    this.assertRunning()
    for (const live of found.values()) {
      // Handed to a caller that acts after its await: an eviction planned before (which a commit
      // finishing meanwhile could carry out) is called off and planned again for the open batch.
      live.transitions++
      this.releaseWhenIdle(live)
    }
    return found
  }

  /** Reads what the engine keeps in memory of the store (steps switched to manual); before `resume`. */
  async open(): Promise<void> {
    this.fallbackTable.loadAll(await stepFallbackRows(this.sql))
  }

  /**
   * `part` is this replica's from now: its unfinished instances continue from their last committed
   * state. Partitions gained in the same turn (all 64 at a start) resume together, in one pass
   * over the store; `resumed` tells when.
   */
  onGained(part: number): void {
    if (this.stopped) return
    this.owned.gain(part)
    if (this.toResume.size === 0) {
      this.resumePass = this.resumePass.catch(() => undefined).then(() => this.resumeGained())
      this.resumePass.catch((error: unknown) => {
        if (!this.stopped) console.error('Resuming the work of partitions gained failed:', error)
      })
    }
    this.toResume.add(part)
  }

  /** Resolves once the work of every partition gained so far is resumed; rejects if that failed. */
  resumed(): Promise<void> {
    return this.resumePass
  }

  private async resumeGained(): Promise<void> {
    const parts = new Set(this.toResume)
    this.toResume.clear()
    if (this.stopped || parts.size === 0) return
    const gained = (id: string) => parts.size === partitionCount || parts.has(partitionOf(id))
    // Only instances with work pending are loaded now; the rest wait in the store for their task,
    // timer or incident (every active automated node has its outbox row in the same commit).
    const pending = await pendingWorkToResume(this.sql)
    if (this.stopped) return
    // A partition lost during the read is left to its new owner.
    const rows = pending.filter((row) => gained(row.instance_id) && this.owns(row.instance_id))
    const held = await this.loadAll(rows.map((row) => row.instance_id))
    for (const row of rows) {
      const live = held.get(row.instance_id)
      if (live && this.isCurrent(live, row.node_id, row.visit)) {
        this.work.perform(live, row.node_id, row.visit, row.attempts + 1)
      }
    }
    // The loop fires the due timers of every partition owned, those gained now included (unless
    // a failed commit stopped the engine meanwhile).
    if (!this.stopped) await this.timers.start()
  }

  /**
   * `parts` are no longer this replica's: their instances leave memory for good (work in flight on
   * them finds them no longer current, and an event sent to one is refused with NotOwnedError).
   * Resolves once what they recorded in the open batch is committed (or refused by the fence).
   */
  async onLost(parts: readonly number[]): Promise<void> {
    const lost = new Set(parts)
    this.owned.lose(lost)
    for (const part of lost) this.toResume.delete(part)
    this.instances.drop((live) => lost.size === partitionCount || lost.has(partitionOf(live.id)))
    await this.writer.committed().catch(() => undefined)
  }

  /**
   * Lets go of these instances, for good (as for a partition lost): what is in memory of them can
   * no longer be trusted, e.g. their batch was refused. They are loaded again when next needed.
   */
  forget(instanceIds: Iterable<string>): void {
    const ids = new Set(instanceIds)
    this.instances.drop((live) => ids.has(live.id))
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.unsubscribe()
    this.timers.stop()
    // After a failed commit there is nothing more to wait for: the store holds what it holds.
    await this.writer.committed().catch(() => undefined)
  }
}
