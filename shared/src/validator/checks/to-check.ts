import { nameOf, type Check } from '../check-context'

/**
 * What an import left to check on a node stays with the workflow: each finding is listed with the
 * node's name and the import's advice until someone marks it checked.
 */
export const checkToCheck: Check = ({ graph, report, nodePath }) => {
  for (const node of graph.nodes.values()) {
    node.data.toCheck?.forEach((finding, index) => {
      report('node.to-check', {
        nodeId: node.id,
        path: nodePath(node.id, 'data', 'toCheck', index),
        message: `${nameOf(node)}, as imported: ${finding.message}.`,
        ...(finding.hint ? { hint: finding.hint } : {}),
      })
    })
  }
}
