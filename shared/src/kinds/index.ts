import type { ManifestNode, WorkflowEvent } from '../compiler/compiled'
import type { Branch, NodeKind, NodeOfKind, WorkflowNode } from '../model'
import { decisionSpec } from './decision/spec'
import { endSpec } from './end/spec'
import { exceptionSpec } from './exception/spec'
import { forkSpec } from './fork/spec'
import { joinSpec } from './join/spec'
import { noteSpec } from './note/spec'
import type {
  CompileRules,
  CompiledKind,
  KindShape,
  KindSpec,
  KindState,
  MachineContext,
  GivenField,
  ManifestContext,
  OutsideContext,
  RunClass,
} from './kind-spec'
import { stepSpec } from './step/spec'
import { triggerSpec } from './trigger/spec'

export type {
  CompiledKind,
  Entries,
  Exits,
  GivenField,
  KindShape,
  KindSpec,
  MachineContext,
  ManifestContext,
  OutsideContext,
  RunClass,
} from './kind-spec'
export { fallbackStepOf, type FallbackStep } from './step/fallback-step'

/**
 * The kind registry: one entry per node kind, so a kind left out fails the type check. Code that
 * acts differently per kind asks its spec here (or keeps its own `Record<NodeKind, …>` table for
 * React or SQL), never a `switch` over `node.type`.
 */
export const kindSpecs: { readonly [K in NodeKind]: KindSpec<K> } = {
  trigger: triggerSpec,
  step: stepSpec,
  decision: decisionSpec,
  exception: exceptionSpec,
  fork: forkSpec,
  join: joinSpec,
  end: endSpec,
  note: noteSpec,
}

/** The spec of a kind, for reading what every kind has (entries, exits, whether it is measured). */
export function kindSpec(kind: NodeKind): KindShape<NodeKind> {
  return kindSpecs[kind] as KindShape<NodeKind>
}

/** Whether nodes of this kind are part of the flow (not an annotation such as a note). */
export function inFlow(kind: NodeKind): boolean {
  return !('annotation' in kindSpecs[kind])
}

/** Whether nodes of this kind start a flow of their own: part of it, and nothing leads in (a trigger). */
export function startsFlow(kind: NodeKind): boolean {
  return inFlow(kind) && kindSpecs[kind].entries.kind === 'none'
}

/** The compile rules of a kind in the flow; the graph leaves annotations out, so nothing asks for theirs. */
function rulesOf(kind: NodeKind): CompileRules<CompiledKind> {
  const spec = kindSpecs[kind]
  if ('annotation' in spec) throw new Error(`A ${kind} is not part of the flow: it is never compiled or run.`)
  return spec as CompileRules<CompiledKind>
}

// A spec's functions take nodes of its own kind; these look the spec up by the node's kind.

/** The branches a node leaves through (a decision's), empty for other kinds. */
/** The kinds that compile and run, in the registry's order (every kind but annotations). */
export const compiledKinds = (Object.keys(kindSpecs) as NodeKind[]).filter(inFlow) as [
  CompiledKind,
  ...CompiledKind[],
]

/** Whether running the node sends the item's data to a service outside the runtime. */
export function sendsDataOut(node: WorkflowNode, context: OutsideContext): boolean {
  return kindSpec(node.type).sendsDataOut?.(node, context) ?? false
}

/** The fields a node puts into the instance data, or `unknown` when any name may arrive. */
export function fieldsGivenBy(node: WorkflowNode): readonly GivenField[] | 'unknown' {
  return kindSpec(node.type).fieldsGiven?.(node) ?? []
}

/** Whether a machine running the node does work a person would otherwise do (see `KindShape`). */
export function machineStandsIn(node: WorkflowNode): boolean {
  return kindSpec(node.type).machineStandsIn?.(node) ?? false
}

export function branchesOf(node: WorkflowNode): readonly Branch[] {
  return kindSpec(node.type).branches(node)
}

/** The label of the branch a handle of the node is, when it is one. */
export function branchLabel(node: WorkflowNode, handle: string | null | undefined): string | undefined {
  return branchesOf(node).find((branch) => branch.id === handle)?.label
}

/** The id of the node this one hangs from, when its kind is entered that way (an exception's step). */
export function attachedToOf(node: WorkflowNode): string | undefined {
  return kindSpec(node.type).attachedTo?.(node)
}

/**
 * The node this one is attached to, when that node is there and takes attachments (a step); an
 * exception attached to anything else is reported by the validator and drawn unattached.
 */
export function attachedHostOf(
  node: WorkflowNode,
  nodes: ReadonlyMap<string, WorkflowNode>,
): WorkflowNode | undefined {
  const id = attachedToOf(node)
  const host = id === undefined ? undefined : nodes.get(id)
  return host && kindSpec(host.type).attachesExceptions ? host : undefined
}

/** The source handles connections leave a node through, in order (`null`: its one handle). */
export function exitHandlesOf(node: WorkflowNode): Array<string | null> {
  const exits = kindSpecs[node.type].exits.kind
  if (exits === 'none') return []
  return exits === 'per-branch' ? branchesOf(node).map((branch) => branch.id) : [null]
}

export function manifestOf(node: WorkflowNode, context: ManifestContext): ManifestNode {
  return rulesOf(node.type).manifest(node as NodeOfKind<CompiledKind>, context)
}

export function machineStateOf(node: WorkflowNode, context: MachineContext): KindState {
  return rulesOf(node.type).machine(node as NodeOfKind<CompiledKind>, context)
}

/** What happens at this node of a compiled workflow while an instance is there. */
export function runClassOf(node: ManifestNode): RunClass {
  return rulesOf(node.kind).runClass(node)
}

/** The events this compiled node reacts to while an instance waits there. */
export function waitingEventsOf(node: ManifestNode, nodeId: string): WorkflowEvent[] {
  return rulesOf(node.kind).waitingEvents(node, nodeId)
}
export { assistantSees, leafPaths, onlyPaths } from './step/data-policy'
export {
  AutonomyLevel,
  autonomyDefaults,
  resolveAutonomy,
  type BelowThreshold,
  type ResolvedAutonomy,
  type StepAutonomy,
} from './step/autonomy'
