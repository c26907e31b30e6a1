import { successorsOf, triggerIds, type WorkflowGraph } from './workflow-graph'

/** Every node reachable from `starts` (included) by following successors. */
export function reachableFrom(graph: WorkflowGraph, starts: Iterable<string>): Set<string> {
  const seen = new Set<string>()
  const stack: string[] = []
  for (const start of starts) {
    if (graph.nodes.has(start) && !seen.has(start)) {
      seen.add(start)
      stack.push(start)
    }
  }
  while (stack.length > 0) {
    const id = stack.pop()!
    for (const next of successorsOf(graph, id)) {
      if (!seen.has(next)) {
        seen.add(next)
        stack.push(next)
      }
    }
  }
  return seen
}

/** The nodes an instance can ever visit: everything reachable from a trigger. */
export function reachableFromTriggers(graph: WorkflowGraph): Set<string> {
  return reachableFrom(graph, triggerIds(graph))
}
