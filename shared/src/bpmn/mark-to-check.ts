import type { ToCheck, WorkflowNode } from '../model'
import type { BpmnImportNote } from './import-report'

/** As the document format bounds them. */
const mostPerNode = 20
const longestText = 2000

/**
 * Keeps what the report says about a node on the node itself (`toCheck`), so the workflow lists it
 * among its problems once opened, long after the report is gone. What a Conveyor file already
 * carried on the node comes first.
 */
export function markToCheck(nodes: WorkflowNode[], notes: readonly BpmnImportNote[]): WorkflowNode[] {
  const found = new Map<string, ToCheck[]>()
  for (const note of notes) {
    if (note.nodeId === undefined) continue
    const finding = { message: note.message.slice(0, longestText), hint: note.hint.slice(0, longestText) }
    found.set(note.nodeId, [...(found.get(note.nodeId) ?? []), finding])
  }
  return nodes.map((node) => {
    const findings = found.get(node.id)
    if (!findings) return node
    const toCheck = [...(node.data.toCheck ?? []), ...findings].slice(0, mostPerNode)
    return { ...node, data: { ...node.data, toCheck } } as WorkflowNode
  })
}
