import { ExceptionOn } from '../exception/schema'
import type { FlowGraph } from '../kind-spec'

/**
 * The exceptions attached to a step, by what they catch, in the fixed order error, timeout,
 * rejection (not the order they were drawn in, so the output stays the same bytes).
 */
export function stepExceptions(
  graph: FlowGraph,
  stepId: string,
): Array<[on: ExceptionOn, exceptionId: string]> {
  const attached = graph.exceptionsOf.get(stepId)
  if (!attached) return []
  const byKind = new Map<ExceptionOn, string>()
  for (const exceptionId of attached) {
    const exception = graph.nodes.get(exceptionId)
    if (exception?.type === 'exception' && !byKind.has(exception.data.on))
      byKind.set(exception.data.on, exceptionId)
  }
  return ExceptionOn.options.flatMap((on) => {
    const exceptionId = byKind.get(on)
    return exceptionId === undefined ? [] : [[on, exceptionId] as [ExceptionOn, string]]
  })
}
