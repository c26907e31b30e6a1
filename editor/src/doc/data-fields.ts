import {
  attachedToOf,
  fieldsGivenBy,
  startsFlow,
  type WorkflowDocument,
  type WorkflowNode,
} from '@conveyor/shared'

/** Nodes an instance may have passed before reaching `nodeId` (along edges and exception attachments). */
export function upstreamOf(document: WorkflowDocument, nodeId: string): Set<string> {
  const incoming = new Map<string, string[]>()
  const link = (from: string, to: string) => incoming.set(to, [...(incoming.get(to) ?? []), from])
  for (const edge of document.edges) link(edge.source, edge.target)
  for (const node of document.nodes) {
    const host = attachedToOf(node)
    if (host !== undefined) link(host, node.id)
  }
  const seen = new Set<string>()
  const queue = [...(incoming.get(nodeId) ?? [])]
  while (queue.length > 0) {
    const id = queue.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    queue.push(...(incoming.get(id) ?? []))
  }
  return seen
}

function fieldsOf(node: WorkflowNode): string[] {
  const given = fieldsGivenBy(node)
  return given === 'unknown' ? [] : given.map((field) => field.path.join('.'))
}

/**
 * The instance-data field names an expression at `nodeId` can read: the trigger inputs and the
 * form fields (and saved results) of every step that may come before it.
 */
export function dataFieldsAt(document: WorkflowDocument, nodeId: string): string[] {
  const upstream = upstreamOf(document, nodeId)
  const names = new Set<string>()
  for (const node of document.nodes) {
    if (upstream.has(node.id) || (startsFlow(node.type) && node.id !== nodeId)) {
      for (const name of fieldsOf(node)) names.add(name)
    }
  }
  return [...names].sort()
}
