import type { InstanceLog } from '../../store/batch-rows'

/** An instance as its START event leaves it (running, at the event's time), new to the store. */
export function startedInstance(
  event: { instanceId: string; deploymentId: string; at: number },
  workflowId: string,
  version: number,
): InstanceLog {
  const row = {
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
  return { id: event.instanceId, eventSeq: 0, toRow: () => row }
}
