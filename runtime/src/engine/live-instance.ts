import { activeNodeIds, cancelledStateKey, runClassOf, type ManifestNode } from '@conveyor/shared'
import type { AnyActorRef } from 'xstate'
import type { InstanceStatus } from '../service/types'
import type { InstanceWrite } from '../store/writer'
import type { LoadedDeployment } from './deployments'

/** An unfinished instance held in memory: its actor and what the engine tracks beside it. */
export interface LiveInstance {
  id: string
  deployment: LoadedDeployment
  actor: AnyActorRef
  trigger: string
  startedAt: number
  /** How many times each node was entered; the visit is part of every idempotency key. */
  visits: Record<string, number>
  active: string[]
  status: InstanceStatus
  outcome: string | null
  endedAt: number | null
  /** Nodes with an open incident. */
  incidents: Set<string>
  /** Automated nodes whose work was handed to people (their step is switched to manual). */
  byHand: Set<string>
  updatedAt: number
  /** Counts transitions and loads handing it out, so an eviction planned before a later one is called off. */
  transitions: number
  /** Work in flight holding this object (a suggestion, a delay's expression, a task completion). */
  busy: number
  /** The stored snapshot's size plus the data sent since it was stored: bounds what the store must hold. */
  stateBytes: number
  /** Its events so far (stored, or in a batch): the writer numbers the next one after it. */
  eventSeq: number
  /** Builds the instance's row when a batch is written (one function per instance, not per transition). */
  toRow: () => InstanceWrite
}

/** The idempotency key of a node's work at one visit: every retry, restart and operator retry repeats it. */
export function workId(live: LiveInstance, nodeId: string, visit: number): string {
  return `${live.id}:${nodeId}:${visit}`
}

/** The instance data as the machine holds it now. */
export function dataOf(live: LiveInstance): Record<string, unknown> {
  return (live.actor.getSnapshot() as { context: { data: Record<string, unknown> } }).context.data
}

/** A live instance; `toRow` is bound once. */
export function liveInstance(
  fields: Omit<
    LiveInstance,
    'toRow' | 'updatedAt' | 'transitions' | 'busy' | 'stateBytes' | 'byHand' | 'eventSeq'
  >,
  byHand: Iterable<string> = [],
): LiveInstance {
  const live = {
    ...fields,
    byHand: new Set(byHand),
    updatedAt: fields.startedAt,
    transitions: 0,
    busy: 0,
    stateBytes: 0,
    eventSeq: 0,
  } as LiveInstance
  live.toRow = () => instanceRow(live)
  return live
}

const finished: ReadonlySet<InstanceStatus> = new Set(['completed', 'failed', 'cancelled', 'rejected'])

export function isFinished(status: InstanceStatus): boolean {
  return finished.has(status)
}

/** Nodes where the instance waits for a person or a clock rather than for the engine. */
function waitsOutside(node: ManifestNode | undefined): boolean {
  const runClass = node && runClassOf(node)
  return runClass === 'person' || runClass === 'clock'
}

/** Recomputes `active`, `status` and `outcome` from the actor's snapshot. */
export function refresh(live: LiveInstance, now: number): void {
  live.updatedAt = now
  const snapshot = live.actor.getSnapshot() as { status: string; value: unknown }
  const nodes = live.deployment.compiled.manifest.nodes
  const value = snapshot.value
  live.active = activeNodeIds(live.deployment.compiled, value, { leavesOnly: true })
  if (snapshot.status === 'done') {
    const end = typeof snapshot.value === 'string' ? snapshot.value : undefined
    const endNode = end ? nodes[end] : undefined
    const outcome =
      end === cancelledStateKey ? 'cancelled' : endNode?.kind === 'end' ? endNode.outcome : 'completed'
    live.outcome = outcome
    live.status = outcome
    live.endedAt ??= now
    return
  }
  if (live.incidents.size > 0) live.status = 'incident'
  else if (
    live.active.length > 0 &&
    live.active.every((id) => waitsOutside(nodes[id]) || live.byHand.has(id))
  )
    live.status = 'waiting'
  else live.status = 'running'
}

function instanceRow(live: LiveInstance): InstanceWrite {
  const snapshot = JSON.stringify(live.actor.getPersistedSnapshot())
  live.stateBytes = snapshot.length
  return {
    id: live.id,
    workflowId: live.deployment.workflowId,
    deploymentId: live.deployment.id,
    version: live.deployment.version,
    trigger: live.trigger,
    status: live.status,
    outcome: live.outcome,
    activeNodes: JSON.stringify(live.active),
    snapshot,
    visits: JSON.stringify(live.visits),
    startedAt: live.startedAt,
    updatedAt: live.updatedAt,
    endedAt: live.endedAt,
  }
}
