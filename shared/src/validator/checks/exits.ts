import { incomingEdges, outgoingEdges } from '../../graph'
import type { NodeKind } from '../../model'
import { nameOf, type Check } from '../check-context'

const singleExit: ReadonlySet<NodeKind> = new Set(['trigger', 'step', 'exception', 'join'])

/** Where work may enter and leave each kind of node. */
export const checkEntriesAndExits: Check = ({ graph, report, nodePath, edgePath }) => {
  for (const node of graph.nodes.values()) {
    const name = nameOf(node)
    let exits = 0
    for (const edge of outgoingEdges(graph, node.id)) if (graph.nodes.has(edge.target)) exits++
    if (node.type === 'end') {
      for (const edge of outgoingEdges(graph, node.id)) {
        if (!graph.nodes.has(edge.target)) continue
        report('end.has-outgoing', {
          nodeId: node.id,
          edgeId: edge.id,
          path: edgePath(edge.id),
          message: `End ${name} has a connection leaving it ("${edge.id}").`,
        })
      }
      continue
    }
    if (exits === 0) {
      report('node.dead-end', {
        nodeId: node.id,
        path: nodePath(node.id),
        message: `${capitalize(node.type)} ${name} leads nowhere.`,
      })
    } else if (exits > 1 && singleExit.has(node.type)) {
      report('node.too-many-exits', {
        nodeId: node.id,
        path: nodePath(node.id),
        message: `${capitalize(node.type)} ${name} has ${exits} connections leaving it; it can only have one.`,
      })
    }
    if (node.type === 'trigger' || node.type === 'exception') {
      for (const edge of incomingEdges(graph, node.id)) {
        if (!graph.nodes.has(edge.source)) continue
        report(node.type === 'trigger' ? 'trigger.has-incoming' : 'exception.has-incoming', {
          nodeId: node.id,
          edgeId: edge.id,
          path: edgePath(edge.id, 'target'),
          message: `Connection "${edge.id}" leads into ${node.type} ${name}.`,
        })
      }
    }
  }
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
