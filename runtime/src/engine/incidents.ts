import { randomUUID } from 'node:crypto'
import { insertIncident, resolveIncident } from '../store/repositories/incident-rows'
import type { BatchWriter, Clock } from './engine-parts'
import { refresh, type LiveInstance } from './live-instance'

/** The incidents table: steps that failed for good with no exception path wait for an operator. */
export class IncidentTable {
  constructor(
    private readonly writer: BatchWriter,
    private readonly now: Clock,
    /** Told of each incident opened (the engine reports it once committed). */
    private readonly opened: (live: LiveInstance) => void = () => undefined,
  ) {}

  /** The step failed for good with no exception path: the instance waits for an operator. */
  open(live: LiveInstance, nodeId: string, visit: number, attempts: number, error: string): string {
    const id = randomUUID()
    const now = this.now()
    const w = this.writer
    live.incidents.add(nodeId)
    refresh(live, now)
    w.instance(live)
    const workflowId = live.deployment.workflowId
    const row = { id, instance_id: live.id, workflow_id: workflowId, node_id: nodeId, visit, error, attempts }
    const insert = insertIncident({ ...row, created_at: now })
    w.write(insert.sql, insert.params)
    w.event({
      at: now,
      instanceId: live.id,
      workflowId: live.deployment.workflowId,
      deploymentId: live.deployment.id,
      type: 'incident.opened',
      nodeId,
      visit,
      detail: { incidentId: id, error },
    })
    w.audit({
      at: now,
      actor: 'system',
      action: 'incident.opened',
      workflowId: live.deployment.workflowId,
      instanceId: live.id,
      nodeId,
      detail: { incidentId: id, error },
    })
    this.opened(live)
    return id
  }

  /** Marks the incident resolved and lifts the instance out of the `incident` status. */
  close(
    live: LiveInstance,
    incident: { id: string; node_id: string },
    status: 'retried' | 'skipped' | 'cancelled',
    by: string,
  ): void {
    const now = this.now()
    const w = this.writer
    live.incidents.delete(incident.node_id)
    refresh(live, now)
    w.instance(live)
    const resolve = resolveIncident(incident.id, status, now, by)
    w.write(resolve.sql, resolve.params)
    w.audit({
      at: now,
      actor: by,
      action: `incident.${status}`,
      workflowId: live.deployment.workflowId,
      instanceId: live.id,
      nodeId: incident.node_id,
      detail: { incidentId: incident.id },
    })
  }
}
