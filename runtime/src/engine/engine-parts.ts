import type { WorkflowEvent } from '@conveyor/shared'
import type { Writer } from '../store/writer'
import type { LiveInstance } from './live-instance'

/** The engine's clock: every time it stores comes from here, so tests can move it. */
export type Clock = () => number

/** The open group-commit batch, as the engine's parts write into it. */
export type BatchWriter = Pick<
  Writer,
  | 'instance'
  | 'event'
  | 'audit'
  | 'auditWorkflow'
  | 'outboxPending'
  | 'outboxStatus'
  | 'write'
  | 'afterCommit'
  | 'committed'
>

/**
 * How a part moves instances' machines and finds them (the engine implements it): what work,
 * timers, tasks and operators need to feed a result back, and nothing of how the engine does it.
 */
export interface Dispatcher {
  /** Throws UnavailableError once the engine has stopped. */
  assertRunning(): void
  /** True while the node is active at this visit (work for an older visit is stale). */
  isCurrent(live: LiveInstance, nodeId: string, visit: number): boolean
  /** Throws, before anything changes, when the event cannot be taken; returns its stored detail. */
  admit(live: LiveInstance, event: WorkflowEvent): string | null
  /** Moves the machine; resolves once the transition is committed. */
  send(live: LiveInstance, event: WorkflowEvent, by?: string): Promise<void>
  /** `send` for the engine's own events: dropped once stopped, a failed commit is the writer's to report. */
  dispatch(live: LiveInstance, event: WorkflowEvent, by?: string): void
  /**
   * The live instance, loaded from its last committed snapshot when not in memory; undefined once
   * it has finished. What was true before the await is checked again after it, synchronously.
   * Throws NotOwnedError for an instance of a partition not owned.
   */
  load(instanceId: string): Promise<LiveInstance | undefined>
  /** `load` for many instances, one read per table for all that are not in memory. */
  loadAll(instanceIds: readonly string[]): Promise<Map<string, LiveInstance>>
  /** True while this replica owns the instance's partition (re-checked after an await before acting). */
  owns(instanceId: string): boolean
  /** Throws NotOwnedError unless this replica owns the instance's partition. */
  assertOwns(instanceId: string): void
  /** The instance if it is in memory now (a re-check after an await). */
  live(instanceId: string): LiveInstance | undefined
  /** Lets a waiting instance leave memory once its state is committed and nothing holds it. */
  releaseWhenIdle(live: LiveInstance): void
}

/**
 * Runs `step` once the transition being recorded has finished: the node's own result must not
 * move the machine while the transition that entered it is still handing out its other entered
 * nodes and planning its eviction. It still runs before the batch is written (a microtask comes
 * before the writer's next turn of the event loop), so both transitions share one commit.
 */
export function afterThisTransition(step: () => void): void {
  queueMicrotask(step)
}
