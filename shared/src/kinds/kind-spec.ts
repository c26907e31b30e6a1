import type { Branch, FieldType, NodeKind, NodeOfKind, WorkflowEdge, WorkflowNode } from '../model'
import type { ManifestNode, ManifestOf, StateNodeJson, WorkflowEvent } from '../compiler/compiled'
import type { DiagnosticCode } from '../validator/codes'

/**
 * What happens at a node of a compiled workflow while an instance is there:
 * - `pass-through`: nothing to do; the runner moves on at once (a trigger, an exception, a join);
 * - `automatic`: the runner does the work by itself (a connector, a rule decision);
 * - `person`: someone acts on a task (a form, a decision taken or confirmed by a person);
 * - `clock`: the instance waits for a due time (a delay);
 * - `idle`: the node itself does nothing (a fork holds its branches' work; an end finishes).
 */
export type RunClass = 'pass-through' | 'automatic' | 'person' | 'clock' | 'idle'

/** Where connections may enter a node of a kind; the refusals carry the validator's code and the editor's reason. */
export type Entries =
  | { kind: 'any' }
  /** Nothing leads in (a trigger starts the workflow; a note is not part of the flow). */
  | { kind: 'none'; code?: DiagnosticCode; reason: string }
  /** Entered only from the step it is attached to, never by a connection (an exception). */
  | { kind: 'attached'; code: DiagnosticCode; reason: string }

/** How many connections may leave a node of a kind. */
export type Exits =
  /** None: work stops there (an end), or never passes (a note). */
  | { kind: 'none'; code?: DiagnosticCode; reason: string }
  /** Exactly one. */
  | { kind: 'one' }
  /** One through each of the node's branch handles (a decision). */
  | { kind: 'per-branch' }
  /** Any number, all taken at once (a fork). */
  | { kind: 'many' }

/**
 * The parts of the workflow graph (`graph/workflow-graph.ts`) the kinds' rules read; the graph
 * depends on the kinds (it leaves annotations out), so they see it through this.
 */
export interface FlowGraph {
  readonly nodes: ReadonlyMap<string, WorkflowNode>
  /** Edges by source node id, in document order. */
  readonly outgoing: ReadonlyMap<string, readonly WorkflowEdge[]>
  /** Exception node ids attached to each step, in document order. */
  readonly exceptionsOf: ReadonlyMap<string, readonly string[]>
}

/** How a fork's branches run (`graph/fork-blocks.ts`): its join and one region per outgoing edge. */
export interface ForkBlocks {
  readonly blocks: ReadonlyMap<
    string,
    {
      readonly join?: string
      readonly regions: readonly { readonly edgeId: string; readonly start: string }[]
    }
  >
}

/** What the manifest rule of a kind may read besides the node. */
export interface ManifestContext {
  readonly graph: FlowGraph
  readonly joinOfFork: ReadonlyMap<string, string>
  readonly forkOfJoin: ReadonlyMap<string, string>
}

/** What the machine rule of a kind may read besides the node. */
export interface MachineContext {
  readonly graph: FlowGraph
  readonly blocks: ForkBlocks
  /** The state a transition from `from` into node `to` targets (a branch's `$joined` when `to` closes it). */
  target(from: string, to: string): string
  /** The target of the node's one exit. */
  next(nodeId: string): string
  /** The states of the region that starts with this fork edge, filled with the nodes inside it. */
  regionStates(edgeId: string): Record<string, StateNodeJson>
}

/** The parts of a node's state a kind decides; its `id` and `meta` are the same for every kind. */
export type KindState = Pick<StateNodeJson, 'type' | 'on' | 'states' | 'onDone'>

/** The kinds that are part of the flow: they compile to a state and a manifest entry, and run. */
export type CompiledKind = ManifestNode['kind']

/** What the runtime, not the document, decides about where a node's data goes. */
export interface OutsideContext {
  /**
   * Whether the runtime's assistant is a service outside it (an openai-compatible provider), so
   * that assisted work sends the item's fields out. The document cannot say: the provider is the
   * runtime's setting.
   */
  readonly assistantCallsOutside: boolean
}

/** A field a node puts into the instance data, where the runtime puts it. */
export interface GivenField {
  /** Its path in the instance data. */
  path: readonly string[]
  /** As people know it: a form field's label, or the step's name for a result. */
  label: string
  /** Undefined for a result whose shape nobody declares. */
  type?: FieldType
  /** The choices of a choice field. */
  options?: readonly string[]
}

/** How a kind of node connects and counts, whether or not it is part of the flow. */
export interface KindShape<K extends NodeKind> {
  readonly entries: Entries
  readonly exits: Exits
  /** The branches it leaves through, one handle each, when its exits are `per-branch` (a decision's). */
  branches(node: NodeOfKind<K>): readonly Branch[]
  /** Whether exception nodes attach to it through its exception handle. */
  readonly attachesExceptions: boolean
  /** The id of the node it hangs from, for a kind entered that way (an exception's step). */
  attachedTo?(node: NodeOfKind<K>): string
  /** Whether its executions are work that is measured (steps, decisions), as opposed to routing. */
  readonly measured: boolean
  /** Whether running it sends the item's data to a service outside the runtime; absent: never. */
  sendsDataOut?(node: NodeOfKind<K>, context: OutsideContext): boolean
  /**
   * The fields it puts into the instance data, or `unknown` when any name may arrive (a start
   * without an input form, an answer kept as it comes); absent: none.
   */
  fieldsGiven?(node: NodeOfKind<K>): readonly GivenField[] | 'unknown'
  /**
   * Whether a machine running it does work a person would otherwise do (an outside service's
   * call), as opposed to routing, rules and transforms; absent: never. Automation share counts these.
   */
  machineStandsIn?(node: NodeOfKind<K>): boolean
}

/** How a kind of node that is part of the flow compiles and runs. */
export interface CompileRules<K extends CompiledKind> {
  /** Its manifest entry: what the runner needs to act on it, defaults filled in. */
  manifest(node: NodeOfKind<K>, context: ManifestContext): ManifestOf<K>
  /** Its state in the machine config: the events it reacts to and where they lead. */
  machine(node: NodeOfKind<K>, context: MachineContext): KindState
  runClass(node: ManifestOf<K>): RunClass
  /** The events a node of this kind reacts to while an instance waits there. */
  waitingEvents(node: ManifestOf<K>, nodeId: string): WorkflowEvent[]
}

/** A kind that is drawn but not part of the flow (a note): the graph, validator and compiler skip it. */
export interface Annotation {
  readonly annotation: true
}

/**
 * Everything about one kind of node that is neither React nor SQL. Its data schema is in the
 * kind's `schema.ts` (listed in `model/node.ts`), its manifest entry in `manifest.ts`.
 */
export type KindSpec<K extends NodeKind> = KindShape<K> &
  (K extends CompiledKind ? CompileRules<K> : Annotation)
