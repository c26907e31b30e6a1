import { randomUUID } from 'node:crypto'
import type { Engine } from './engine'
import { refresh, type LiveInstance } from './live-instance'

/** A step failed for good with no exception path: the instance waits for an operator. */
export function openIncident(
  engine: Engine,
  live: LiveInstance,
  nodeId: string,
  visit: number,
  attempts: number,
  error: string,
): string {
  const id = randomUUID()
  const now = engine.now()
  const w = engine.writer
  live.incidents.add(nodeId)
  refresh(live, now)
  w.instance(live.id, live.toRow)
  w.run(() =>
    engine.sql.insertIncident.run(
      id,
      live.id,
      live.deployment.workflowId,
      nodeId,
      visit,
      error,
      attempts,
      now,
    ),
  )
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
  return id
}

/** Marks the incident resolved and lifts the instance out of the `incident` status. */
export function closeIncident(
  engine: Engine,
  live: LiveInstance,
  incident: { id: string; node_id: string },
  status: 'retried' | 'skipped' | 'cancelled',
  by: string,
): void {
  const now = engine.now()
  const w = engine.writer
  live.incidents.delete(incident.node_id)
  refresh(live, now)
  w.instance(live.id, live.toRow)
  w.run(() => engine.sql.resolveIncident.run(status, now, by, incident.id))
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
