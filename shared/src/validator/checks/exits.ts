import { incomingEdges, outgoingEdges } from '../../graph'
import { kindSpec } from '../../kinds'
import { nameOf, type Check } from '../check-context'

/** Where work may enter and leave each kind of node (its spec's entries and exits). */
export const checkEntriesAndExits: Check = ({ graph, report, nodePath, edgePath }) => {
  for (const node of graph.nodes.values()) {
    const name = nameOf(node)
    const { entries, exits: exitRule } = kindSpec(node.type)
    let exits = 0
    for (const edge of outgoingEdges(graph, node.id)) if (graph.nodes.has(edge.target)) exits++
    if (exitRule.kind === 'none') {
      for (const edge of outgoingEdges(graph, node.id)) {
        // Only annotations have no code, and the graph leaves them out.
        if (!graph.nodes.has(edge.target) || !exitRule.code) continue
        report(exitRule.code, {
          nodeId: node.id,
          edgeId: edge.id,
          path: edgePath(edge.id),
          message: `${capitalize(node.type)} ${name} has a connection leaving it ("${edge.id}").`,
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
    } else if (exits > 1 && exitRule.kind === 'one') {
      report('node.too-many-exits', {
        nodeId: node.id,
        path: nodePath(node.id),
        message: `${capitalize(node.type)} ${name} has ${exits} connections leaving it; it can only have one.`,
      })
    }
    if (entries.kind !== 'any' && entries.code) {
      for (const edge of incomingEdges(graph, node.id)) {
        if (!graph.nodes.has(edge.source)) continue
        report(entries.code, {
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
