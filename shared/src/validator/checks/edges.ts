import { nameOf, type Check } from '../check-context'

/** Connections must join two existing nodes, and not a node to itself. */
export const checkEdges: Check = ({ document, graph, report }) => {
  document.edges.forEach((edge, index) => {
    if (!graph.nodes.has(edge.source)) {
      report('edge.missing-source', {
        edgeId: edge.id,
        path: ['edges', index, 'source'],
        message: `Connection "${edge.id}" starts at "${edge.source}", which is not a node of this workflow.`,
      })
    }
    if (!graph.nodes.has(edge.target)) {
      report('edge.missing-target', {
        edgeId: edge.id,
        path: ['edges', index, 'target'],
        message: `Connection "${edge.id}" ends at "${edge.target}", which is not a node of this workflow.`,
      })
    }
    if (edge.source === edge.target && graph.nodes.has(edge.source)) {
      report('edge.self-loop', {
        edgeId: edge.id,
        nodeId: edge.source,
        path: ['edges', index],
        message: `Connection "${edge.id}" leads from ${nameOf(graph.nodes.get(edge.source))} straight back to itself.`,
      })
    }
  })
}
