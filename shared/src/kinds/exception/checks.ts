import type { ExceptionOn, NodeOfKind, WorkflowNode } from '../../model'
import { nameOf, type Check, type CheckContext } from '../../validator/check-context'

const what: Record<ExceptionOn, string> = { error: 'fails', timeout: 'times out', rejection: 'is rejected' }

/** Exceptions hang off one step each, one per kind of problem, for problems that can happen. */
export const checkExceptions: Check = (context) => {
  const { graph, report, nodePath } = context
  const seen = new Map<string, string>()
  for (const node of graph.nodes.values()) {
    if (node.type !== 'exception') continue
    const { attachedTo, on } = node.data
    const host = graph.nodes.get(attachedTo)
    if (host?.type !== 'step') {
      report('exception.not-attached', {
        nodeId: node.id,
        path: nodePath(node.id, 'data', 'attachedTo'),
        message: host
          ? `Exception ${nameOf(node)} is attached to ${host.type} ${nameOf(host)}; exceptions attach to steps.`
          : `Exception ${nameOf(node)} is attached to "${attachedTo}", which is not a node of this workflow.`,
      })
      continue
    }
    const key = `${attachedTo}\u0000${on}`
    const earlier = seen.get(key)
    if (earlier !== undefined) {
      report('exception.duplicate', {
        nodeId: node.id,
        path: nodePath(node.id, 'data', 'on'),
        message: `Step ${nameOf(host)} already has exception "${earlier}" for when it ${what[on]}.`,
      })
    } else {
      seen.set(key, node.id)
    }
    if (!canHappen(host, on)) {
      report('exception.cannot-happen', {
        nodeId: node.id,
        path: nodePath(node.id, 'data', 'on'),
        message:
          on === 'rejection'
            ? `Exception ${nameOf(node)} waits for step ${nameOf(host)} to be rejected, but nobody reviews that automated step.`
            : `Exception ${nameOf(node)} waits for step ${nameOf(host)} to time out, but the step has no SLA or time limit.`,
      })
    }
    if (on === 'timeout') checkEscalation(context, host, node)
  }
}

/**
 * A breached SLA with `escalateTo` hands the step's tasks to that lane and leaves the work where
 * it is; the runtime takes the timeout exception only when nothing is escalated.
 */
function checkEscalation(context: CheckContext, step: NodeOfKind<'step'>, exception: WorkflowNode): void {
  const { sla, mode, automate } = step.data
  if (sla?.escalateTo === undefined) return
  const lane = context.document.lanes.find((candidate) => candidate.id === sla.escalateTo)
  const connectorTimes = mode === 'automate' && automate?.timeout !== undefined
  context.report('sla.escalation-hides-timeout', {
    nodeId: step.id,
    path: context.nodePath(step.id, 'data', 'sla', 'escalateTo'),
    message:
      `When step ${nameOf(step)} breaches its SLA of ${sla.within}, its work is escalated to lane "${lane?.name ?? sla.escalateTo}" ` +
      `and its timeout exception ${nameOf(exception)} is not taken: the escalation wins` +
      (connectorTimes
        ? `; the exception runs only when a connector attempt times out.`
        : `, so the exception never runs.`),
  })
}

function canHappen(step: NodeOfKind<'step'>, on: ExceptionOn): boolean {
  const { mode, sla, automate } = step.data
  if (on === 'rejection') return mode !== 'automate'
  if (on === 'timeout') return sla !== undefined || (mode === 'automate' && automate?.timeout !== undefined)
  return true
}
