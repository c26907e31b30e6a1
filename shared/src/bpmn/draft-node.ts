import type { ModdleObject } from './moddle'
import type { Branch, WorkflowNode } from '../model'

/** A node being read: its BPMN element and what it maps to, before the flows are connected. */
export interface DraftNode {
  node: WorkflowNode
  element: ModdleObject
  /** The node the element's outgoing flows leave from (itself, or the fork of a join-and-split). */
  exitId: string
  /** From the `<conveyor:data>` of a file Conveyor wrote: the node's data beyond what BPMN says. */
  extension?: Record<string, unknown>
  hostSla?: string
  /** A decision's branches, one per outgoing flow, filled in when the flows are connected. */
  branches?: Branch[]
  defaultBranch?: string
}
