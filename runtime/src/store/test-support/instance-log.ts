import type { InstanceLog, InstanceWrite } from '../batch-rows'

/** An instance as the writer sees it, new to the store (no events yet); its status can be changed. */
export function instanceLog(id: string, status = 'running'): InstanceLog & { status: string } {
  const log = {
    id,
    status,
    eventSeq: 0,
    toRow: (): InstanceWrite => ({
      id,
      workflowId: 'w',
      deploymentId: 'w@1',
      version: 1,
      trigger: 'start',
      status: log.status,
      outcome: null,
      activeNodes: '[]',
      snapshot: '{}',
      visits: '{}',
      startedAt: 1,
      updatedAt: 2,
      endedAt: null,
    }),
  }
  return log
}
