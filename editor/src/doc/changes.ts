import type { Lane, StepMode, WorkflowDocument, WorkflowEdge, WorkflowNode } from '@conveyor/shared'

export interface XY {
  x: number
  y: number
}

/**
 * Every edit of a diagram, as plain serializable data. The canvas, the inspector and the keyboard
 * only ever produce these; `applyChange` is the one place that turns them into Y.Doc edits.
 */
export type DocumentChange =
  | { type: 'addNode'; node: WorkflowNode }
  /** Adds nodes and the edges between them at once (paste, duplicate). */
  | { type: 'addElements'; nodes: WorkflowNode[]; edges: WorkflowEdge[] }
  | { type: 'moveNodes'; positions: Record<string, XY> }
  /** Sets the given data fields of a node; a field set to `undefined` is removed. */
  | { type: 'updateNodeData'; id: string; patch: Record<string, unknown> }
  /** Switches a step's mode; a step made assisted for the first time gets its assistant, output field ready. */
  | { type: 'setStepMode'; id: string; mode: StepMode }
  | { type: 'connect'; edge: WorkflowEdge }
  | { type: 'updateEdge'; id: string; label: string | undefined }
  /** Deletes nodes and edges, with every edge touching a deleted node and every exception attached to it. */
  | { type: 'deleteElements'; nodeIds: string[]; edgeIds: string[] }
  | { type: 'setLane'; nodeIds: string[]; lane: string | undefined }
  | { type: 'addLane'; lane: Lane }
  | { type: 'updateLane'; id: string; patch: Partial<Omit<Lane, 'id'>> }
  | { type: 'removeLane'; id: string }
  | {
      type: 'updateMeta'
      patch: Partial<
        Pick<
          WorkflowDocument,
          'name' | 'description' | 'owner' | 'valueStream' | 'targets' | 'deploysNeedApproval' | 'currency'
        >
      >
    }
