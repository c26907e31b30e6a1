import { exitsOf, findLoops, reachableFrom, triggerIds, type WorkflowGraph } from '../../graph'
import { attachedHostOf, attachedToOf } from '../../kinds'
import { nameOf, type Check } from '../check-context'

const namesShownInLoop = 5

/** Every node can run, and no loop traps work forever. */
export const checkFlow: Check = ({ graph, reachable, report, nodePath }) => {
  if (triggerIds(graph).length > 0) {
    const behindMisattached = reachableFrom(graph, misattachedExceptions(graph))
    for (const node of graph.nodes.values()) {
      // exception.not-attached already says why the exception and what follows it cannot run.
      if (!reachable.has(node.id) && !behindMisattached.has(node.id)) {
        report('node.unreachable', {
          nodeId: node.id,
          path: nodePath(node.id),
          message: `No path from a trigger leads to ${nameOf(node)}.`,
        })
      }
    }
  }
  for (const loop of findLoops(graph)) {
    if (loop.length < 2) continue // a node looping on itself is reported as edge.self-loop
    const members = new Set(loop)
    if (exitsOf(graph, members) > 0) continue
    const names = loop.slice(0, namesShownInLoop).map((id) => nameOf(graph.nodes.get(id)))
    const more = loop.length > namesShownInLoop ? ` and ${loop.length - namesShownInLoop} more` : ''
    report('loop.no-exit', {
      nodeId: loop[0]!,
      path: nodePath(loop[0]!),
      message: `Work going round ${names.join(', ')}${more} can never leave that loop.`,
    })
  }
}

/** Exceptions not attached to a step (reported by the exception checks). */
function misattachedExceptions(graph: WorkflowGraph): string[] {
  const found: string[] = []
  for (const node of graph.nodes.values()) {
    if (attachedToOf(node) !== undefined && !attachedHostOf(node, graph.nodes)) found.push(node.id)
  }
  return found
}
