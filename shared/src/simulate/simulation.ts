import { createActor, type AnyActorRef, type AnyMachineSnapshot } from 'xstate'
import {
  cancelledStateKey,
  type CompiledWorkflow,
  type ManifestNode,
  type StateNodeJson,
  type WorkflowEvent,
} from '../compiler/compiled'
import { waitingEventsOf } from '../kinds'
import type { Outcome } from '../model'
import { createWorkflowMachine, type WorkflowContext } from './implementations'

/**
 * Runs a compiled workflow in memory, event by event, with nothing around it: no connectors, no
 * people, no clock. Whoever drives it plays their part by sending the events (see compiled.ts).
 * The editor's simulator and the tests use it; the runtime's engine follows the same semantics.
 */
export interface Simulation {
  /** Starts the instance from a trigger, with its input as the initial data. */
  start(trigger: string, input?: Record<string, unknown>): void
  send(event: WorkflowEvent): void
  /** `STEP_DONE` for a node. */
  complete(nodeId: string, result?: unknown): void
  /** `DECIDE` for a decision. */
  decide(nodeId: string, branch: string): void
  /** Whether the instance would react to this event now. */
  can(event: WorkflowEvent): boolean
  /** Node ids whose state is active: the nodes waiting for something, and the forks around them. */
  activeNodes(): string[]
  /** The nodes waiting for an event now, each with the events it would react to. */
  waiting(): WaitingNode[]
  /** Every node entered so far, in order (a node visited twice appears twice). */
  readonly path: readonly string[]
  readonly data: Record<string, unknown>
  readonly done: boolean
  /** The end node reached, or `$cancelled`. */
  readonly finalNode: string | undefined
  /** The outcome of the end reached; `cancelled` after a cancel. */
  readonly outcome: Outcome | undefined
  stop(): void
}

export function simulate(compiled: CompiledWorkflow): Simulation {
  const actor: AnyActorRef = createActor(createWorkflowMachine(compiled))
  actor.start()
  const path: string[] = []
  let active = new Set<string>()

  const snapshot = () => actor.getSnapshot() as AnyMachineSnapshot & { context: WorkflowContext }
  const send = (event: WorkflowEvent) => {
    actor.send(event)
    const now = activeNodeIds(compiled, snapshot().value)
    for (const id of now) if (!active.has(id)) path.push(id)
    active = new Set(now)
  }
  const finalNode = () => {
    const value = snapshot().value
    return snapshot().status === 'done' && typeof value === 'string' ? value : undefined
  }

  return {
    start: (trigger, input) => send({ type: 'START', trigger, ...(input ? { input } : {}) }),
    send,
    complete: (nodeId, result) =>
      send({ type: 'STEP_DONE', nodeId, ...(result === undefined ? {} : { result }) }),
    decide: (nodeId, branch) => send({ type: 'DECIDE', nodeId, branch }),
    can: (event) => snapshot().can(event),
    activeNodes: () => activeNodeIds(compiled, snapshot().value),
    waiting: () =>
      snapshot().status === 'done' ? [] : waitingNodes(compiled, activeNodeIds(compiled, snapshot().value)),
    path,
    get data() {
      return snapshot().context.data
    },
    get done() {
      return snapshot().status === 'done'
    },
    get finalNode() {
      return finalNode()
    },
    get outcome() {
      const id = finalNode()
      if (id === undefined) return undefined
      if (id === cancelledStateKey) return 'cancelled'
      const node = compiled.manifest.nodes[id]
      return node?.kind === 'end' ? node.outcome : undefined
    },
    stop: () => actor.stop(),
  }
}

export interface WaitingNode {
  nodeId: string
  node: ManifestNode
  /** The events this node reacts to: done, a branch per decision option, its exceptions' events. */
  events: WorkflowEvent[]
}

function waitingNodes(compiled: CompiledWorkflow, active: readonly string[]): WaitingNode[] {
  const waiting: WaitingNode[] = []
  for (const nodeId of active) {
    const node = compiled.manifest.nodes[nodeId]
    const events = node ? waitingEventsOf(node, nodeId) : []
    if (node && events.length > 0) waiting.push({ nodeId, node, events })
  }
  return waiting
}

type StateValue = string | { [key: string]: StateValue }

/**
 * The node states in a snapshot value, read alongside the machine config (region keys are not
 * nodes): a fork before the nodes inside it, or, with `leavesOnly`, only the innermost nodes.
 */
export function activeNodeIds(
  compiled: CompiledWorkflow,
  value: unknown,
  { leavesOnly = false }: { leavesOnly?: boolean } = {},
): string[] {
  const ids: string[] = []
  const isNode = (state: StateNodeJson | undefined): state is StateNodeJson & { id: string } =>
    state?.id !== undefined && state.id in compiled.manifest.nodes
  const visit = (current: StateValue, states: Record<string, StateNodeJson> | undefined) => {
    if (typeof current === 'string') {
      const state = states?.[current]
      if (isNode(state)) ids.push(state.id)
      return
    }
    for (const [key, child] of Object.entries(current)) {
      const state = states?.[key]
      const at = ids.length
      if (isNode(state) && !leavesOnly) ids.push(state.id)
      visit(child, state?.states)
      if (isNode(state) && leavesOnly && ids.length === at) ids.push(state.id)
    }
  }
  visit(value as StateValue, compiled.machine.states)
  return ids
}
