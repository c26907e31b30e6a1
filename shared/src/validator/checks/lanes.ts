import type { Sla, WorkflowNode } from '../../model'
import { nameOf, type Check, type CheckContext } from '../check-context'

/** Lanes say who does the work; work for people must say whose it is. */
export const checkLanes: Check = (context) => {
  const { graph, laneIds, report, nodePath } = context
  for (const node of graph.nodes.values()) {
    const lane = node.data.lane
    if (lane !== undefined && !laneIds.has(lane)) {
      report('lane.unknown', {
        nodeId: node.id,
        path: nodePath(node.id, 'data', 'lane'),
        message: `${nameOf(node)} is in lane "${lane}", which this workflow does not have.`,
      })
    }
    const work = workForPeople(node)
    if (lane === undefined && work) {
      report('lane.missing', {
        nodeId: node.id,
        path: nodePath(node.id, 'data', 'lane'),
        message: `${nameOf(node)} is ${work}, but it is in no lane, so nobody would get it.`,
      })
    }
    if (node.type === 'step' || node.type === 'decision') checkEscalation(context, node, node.data.sla)
  }
}

function workForPeople(node: WorkflowNode): string | undefined {
  if (node.type === 'step' && node.data.mode !== 'automate') {
    return node.data.mode === 'human' ? 'work for a person' : 'work for a person with an assistant'
  }
  if (node.type === 'decision' && node.data.decidedBy !== 'rule')
    return `a decision made by ${node.data.decidedBy === 'person' ? 'a person' : 'an assistant and confirmed by a person'}`
  return undefined
}

function checkEscalation(context: CheckContext, node: WorkflowNode, sla: Sla | undefined): void {
  if (sla?.escalateTo === undefined || context.laneIds.has(sla.escalateTo)) return
  context.report('sla.unknown-lane', {
    nodeId: node.id,
    path: context.nodePath(node.id, 'data', 'sla', 'escalateTo'),
    message: `The SLA of ${nameOf(node)} escalates to lane "${sla.escalateTo}", which this workflow does not have.`,
  })
}
