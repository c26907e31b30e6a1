import type { NodeKind, NodeOfKind } from '@conveyor/shared'
import type { NodeHandle, NodeProps, Position } from '@xyflow/react'
import type { ComponentType } from 'react'
import type { WorkflowFlowNode } from '../canvas/flow-types'
import type { KindFormProps } from '../inspector/kind-form-props'

/** Handles on a node's border, placed from its fixed size (`canvas/node-handles.ts`). */
export interface HandleSpots {
  /** The usual way in: the middle of the left side. */
  input: NodeHandle
  /** The usual way out: the middle of the right side. */
  output: NodeHandle
  /** A handle on a side, `fraction` of the way along it (the middle by default). */
  at(type: 'source' | 'target', position: Position, id: string | null, fraction?: number): NodeHandle
}

/** What a new node is made from: the step an exception attaches to, when there is one. */
export interface NewNodeContext {
  attachTo?: string
}

/**
 * How a kind of node looks and is made, without React: what the document layer (sizes, new
 * nodes) and the canvas's computed handles read. In the kind's `<kind>.ts`, so its canvas
 * component reads its icon without importing the registry.
 */
export interface KindFacts<K extends NodeKind> {
  /** Its name in the palette and the inspector's heading. */
  label: string
  /** Drawn before its name on the diagram and in the palette, always with words beside it. */
  icon: string
  /** Its fixed size, so layout, lanes and the minimap need not measure the DOM. */
  size: { width: number; height: number }
  /** The border width of its shape in the CSS: its handles sit on the inside of the border. */
  border: number
  /** Where its handles are, computed rather than measured, matching those its component draws. */
  handles(node: NodeOfKind<K>, spots: HandleSpots): NodeHandle[]
  /** The data of a new node of the kind: sensible defaults a person then edits. */
  newData(context: NewNodeContext): NodeOfKind<K>['data']
  /** Why a node of the kind cannot be made here, when it cannot (an exception with no step to attach to). */
  refusal?(context: NewNodeContext): string | undefined
  /** Said after its kind and name to a screen reader (a step's mode), when there is more to say. */
  ariaDetail?(node: NodeOfKind<K>): string
}

/**
 * Everything the editor has for one kind of node: its facts, its canvas component and its
 * inspector form. The rules that are not React (connections, exits, compiling) are its `KindSpec`
 * in `@conveyor/shared`.
 */
export interface EditorKind<K extends NodeKind> extends KindFacts<K> {
  /** Draws a node of the kind on the canvas (React Flow's node type). */
  Node: ComponentType<NodeProps<WorkflowFlowNode>>
  /** The inspector's form for the fields only this kind has (below name, lane and connections). */
  Form: ComponentType<KindFormProps<K>>
}

/**
 * Where exit `index` of `count` leaves a node's right side, as a fraction of its height: evenly
 * apart, top to bottom (a decision's branches; a single exit sits in the middle).
 */
export const exitSpot = (index: number, count: number) => (index + 1) / (count + 1)
