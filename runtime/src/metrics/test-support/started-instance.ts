import type { InstanceWrite } from '../../store/batch-rows'

/** The row of an instance as its START event leaves it: running, at the event's time. */
export function startedInstance(
  event: { instanceId: string; deploymentId: string; at: number },
  workflowId: string,
  version: number,
): InstanceWrite {
  return {
    id: event.instanceId,
    workflowId,
    deploymentId: event.deploymentId,
    version,
    trigger: 'start',
    status: 'running',
    outcome: null,
    activeNodes: '[]',
    snapshot: '{}',
    visits: '{}',
    startedAt: event.at,
    updatedAt: event.at,
    endedAt: null,
  }
}
