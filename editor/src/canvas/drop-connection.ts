import type { WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import type { FinalConnectionState } from '@xyflow/react'
import { freeExits, type Connection } from '../doc/connection-rules'

/**
 * The connection meant by a line let go of on a node's box: from the handle it was drawn from
 * to that node, or, drawn backwards from an input, from that node's first free exit.
 */
export function dropConnection(
  document: WorkflowDocument,
  state: Pick<FinalConnectionState, 'fromNode' | 'fromHandle'>,
  onto: WorkflowNode,
): Connection {
  const from = state.fromNode?.id ?? ''
  if (state.fromHandle?.type === 'target') {
    return { source: onto.id, sourceHandle: freeExits(document, onto)[0] ?? null, target: from }
  }
  return { source: from, sourceHandle: state.fromHandle?.id ?? null, target: onto.id }
}
