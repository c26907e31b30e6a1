import { attachedToOf, type WorkflowDocument, type WorkflowEdge, type WorkflowNode } from '@conveyor/shared'
import type { DocumentChange } from './changes'
import { freshId, idsOf } from './node-ids'

export interface Clip {
  nodes: WorkflowNode[]
  edges: WorkflowEdge[]
}

/** The selected nodes and the edges between them. */
export function copySelection(document: WorkflowDocument, nodeIds: Iterable<string>): Clip {
  const ids = new Set(nodeIds)
  return {
    nodes: document.nodes.filter((node) => ids.has(node.id)),
    edges: document.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)),
  }
}

/**
 * The change that pastes a clip with fresh ids, shifted by `offset`. Exceptions keep pointing at
 * their step: the pasted copy when the step was copied too, the original step otherwise.
 */
export function pasteChange(
  document: WorkflowDocument,
  clip: Clip,
  offset = { x: 40, y: 40 },
): DocumentChange & { type: 'addElements' } {
  const taken = idsOf(document)
  const renamed = new Map<string, string>()
  for (const node of clip.nodes) {
    const id = freshId(node.type, taken)
    taken.push(id)
    renamed.set(node.id, id)
  }
  const nodes = clip.nodes.map((node) => {
    const data = { ...node.data } as Record<string, unknown>
    // An exception pasted with its step hangs from the pasted step.
    const host = attachedToOf(node)
    if (host !== undefined) data.attachedTo = renamed.get(host) ?? host
    return {
      ...node,
      id: renamed.get(node.id)!,
      position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
      data,
    } as WorkflowNode
  })
  const edges = clip.edges.map((edge) => {
    const id = freshId(`e-${renamed.get(edge.source)}`, taken)
    taken.push(id)
    return { ...edge, id, source: renamed.get(edge.source)!, target: renamed.get(edge.target)! }
  })
  return { type: 'addElements', nodes, edges }
}
