import type { DecisionManifest } from '../kinds/decision/manifest'
import type { EndManifest } from '../kinds/end/manifest'
import type { ExceptionManifest } from '../kinds/exception/manifest'
import type { ForkManifest } from '../kinds/fork/manifest'
import type { JoinManifest } from '../kinds/join/manifest'
import type { StepManifest } from '../kinds/step/manifest'
import type { TriggerManifest } from '../kinds/trigger/manifest'

export type {
  DecisionManifest,
  EndManifest,
  ExceptionManifest,
  ForkManifest,
  JoinManifest,
  StepManifest,
  TriggerManifest,
}

/**
 * The compiler's output: plain JSON. `machine` is an XState v5 machine config whose state ids are
 * the node ids; behaviour is referenced by name and supplied by whoever runs it (the runtime's
 * engine, the editor's simulator, the tests).
 *
 * The machine decides, the runner acts. Every node is a state that waits for an event; on entering
 * one the runner looks the node up in `manifest.nodes` and does the work, then sends the result:
 *
 *   START          { trigger }              from the initial `$start` state into the trigger's state
 *   STEP_DONE      { nodeId, result? }      a trigger, step, exception or join has finished
 *   STEP_FAILED    { nodeId, error }        a step exhausted its retries → its `error` exception
 *   STEP_TIMEOUT   { nodeId }               a step timed out / breached its SLA → its `timeout` exception
 *   STEP_REJECTED  { nodeId, reason? }      a person rejected a step → its `rejection` exception
 *   DECIDE         { nodeId, branch }       a decision took a branch
 *   CANCEL         {}                       the instance was cancelled → the `$cancelled` final state
 *
 * Named guards (all read only the event): `triggeredBy {trigger}`, `isNode {nodeId}`,
 * `isBranch {nodeId, branch}`. Named actions: `startWith` (on START: data := event.input) and
 * `saveResult {nodeId, saveAs?}` (on STEP_DONE of a step: event.result, already reshaped by the
 * step's `output` expression, goes to data[saveAs] when given, is merged in when a plain object,
 * and goes to data[nodeId] otherwise).
 * Fork nodes compile to parallel states whose regions end in final states; the join follows
 * the parallel state's `onDone`. End nodes are top-level final states.
 *
 * State keys: every key that does not start with `$` is a node id, and equals the state's `id`.
 * The others are `$start`, `$cancelled`, a fork's regions `$branch:<edgeId>` (one per outgoing
 * edge of the fork) and each region's final state `$joined` (id `$joined:<edgeId>`).
 */
export const compiledFormatVersion = 1 as const

export interface CompiledWorkflow {
  formatVersion: typeof compiledFormatVersion
  workflowId: string
  name: string
  machine: MachineConfigJson
  manifest: Manifest
}

/** An XState v5 machine config as JSON (what `createMachine` accepts, minus functions). */
export interface MachineConfigJson {
  id: string
  initial: string
  context: { data: Record<string, unknown> }
  states: Record<string, StateNodeJson>
  on?: Record<string, TransitionJson | TransitionJson[]>
}

export interface StateNodeJson {
  id?: string
  type?: 'parallel' | 'final'
  initial?: string
  states?: Record<string, StateNodeJson>
  on?: Record<string, TransitionJson | TransitionJson[]>
  onDone?: TransitionJson
  tags?: string[]
  meta?: { kind: string }
}

export interface TransitionJson {
  target?: string
  guard?: { type: string; params?: Record<string, unknown> }
  actions?: Array<{ type: string; params?: Record<string, unknown> }>
}

export interface Manifest {
  /** Every node, by id, with what the runner needs to act on it. */
  nodes: Record<string, ManifestNode>
  lanes: Record<string, { name: string; kind: 'role' | 'team' | 'system' }>
  /** Trigger node ids, in document order. */
  triggers: string[]
  /** Failed calls in a row that switch a step to manual (absent in deployments made before it). */
  circuitBreaker?: { failuresInARow: number }
}

/** The manifest entry of each compiled kind; a kind's entry is declared in its folder. */
export type ManifestNode =
  | TriggerManifest
  | StepManifest
  | DecisionManifest
  | ExceptionManifest
  | ForkManifest
  | JoinManifest
  | EndManifest

/** The manifest entry of one kind of node. */
export type ManifestOf<K extends ManifestNode['kind']> = Extract<ManifestNode, { kind: K }>

export type WorkflowEvent =
  | { type: 'START'; trigger: string; input?: Record<string, unknown> }
  | { type: 'STEP_DONE'; nodeId: string; result?: unknown }
  | { type: 'STEP_FAILED'; nodeId: string; error: string }
  | { type: 'STEP_TIMEOUT'; nodeId: string }
  | { type: 'STEP_REJECTED'; nodeId: string; reason?: string }
  | { type: 'DECIDE'; nodeId: string; branch: string }
  | { type: 'CANCEL'; reason?: string }

export const startStateKey = '$start'
export const cancelledStateKey = '$cancelled'
export const joinedStateKey = '$joined'

/** The key of the region of a fork that starts with this outgoing edge. */
export function branchStateKey(edgeId: string): string {
  return `$branch:${edgeId}`
}

/** The id of the final state closing the region that starts with this edge. */
export function joinedStateId(edgeId: string): string {
  return `${joinedStateKey}:${edgeId}`
}
