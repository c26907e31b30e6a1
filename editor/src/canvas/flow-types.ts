import type { Diagnostic } from '@conveyor/shared/validator/index'
import type { WorkflowNode } from '@conveyor/shared'
import type { Edge, Node } from '@xyflow/react'
import type { NodeOverlayEntry } from '../app/extensions'

/** The validator's findings about one node or edge, as the canvas marks them. */
export interface ProblemMark {
  severity: 'error' | 'warning'
  count: number
  /** The first message, shown as text beside the marker. */
  message: string
}

export type FlowNodeData = {
  node: WorkflowNode
  overlay?: NodeOverlayEntry
  problem?: ProblemMark
  /** Exits with nothing connected yet (a decision's branch ids; `null`, a node's one exit). */
  freeExits?: ReadonlyArray<string | null>
}

export type LaneNodeData = { laneId: string; width: number }

export type WorkflowFlowNode = Node<FlowNodeData, WorkflowNode['type']>
export type LaneFlowNode = Node<LaneNodeData, 'lane'>
export type FlowNode = WorkflowFlowNode | LaneFlowNode

export type FlowEdgeData = { problem?: ProblemMark; attachment?: boolean }
export type FlowEdge = Edge<FlowEdgeData>

export function problemMarks(diagnostics: Diagnostic[], key: 'nodeId' | 'edgeId'): Map<string, ProblemMark> {
  const marks = new Map<string, ProblemMark>()
  for (const diagnostic of diagnostics) {
    const id = diagnostic[key]
    if (!id || diagnostic.severity === 'info') continue
    const mark = marks.get(id)
    if (!mark) marks.set(id, { severity: diagnostic.severity, count: 1, message: diagnostic.message })
    else {
      mark.count++
      if (diagnostic.severity === 'error' && mark.severity === 'warning') {
        mark.severity = 'error'
        mark.message = diagnostic.message
      }
    }
  }
  return marks
}
