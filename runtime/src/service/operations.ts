import type { BatchWriter, Clock, Dispatcher } from '../engine/engine-parts'
import type { IncidentTable } from '../engine/incidents'
import { workId } from '../engine/live-instance'
import type { NodeWork } from '../engine/node-work'
import { incidentRow } from '../store/repositories/incident-rows'
import { instanceRow } from '../store/repositories/instance-rows'
import type { SqlExecutor } from '../store/sql'
import { ConflictError, NotFoundError } from './errors'
import type { Incident, InstanceSummary } from './types'
import { incidentView, instanceView } from './views'

/** What operators' actions need from the engine. */
export interface OperationParts {
  instances: Dispatcher
  work: Pick<NodeWork, 'perform' | 'finish'>
  incidents: Pick<IncidentTable, 'close'>
  writer: BatchWriter
  now: Clock
}

/** What operators do to running instances: cancel them, and resolve incidents. */
export class Operations {
  private readonly instances: Dispatcher

  constructor(
    private readonly sql: SqlExecutor,
    private readonly parts: OperationParts,
  ) {
    this.instances = parts.instances
  }

  private async instanceRow(instanceId: string) {
    const row = await instanceRow(this.sql, instanceId)
    if (!row) throw new NotFoundError('instance', instanceId)
    return row
  }

  async cancelInstance(instanceId: string, reason: string | undefined, by: string): Promise<InstanceSummary> {
    const row = await this.instanceRow(instanceId)
    const live = await this.instances.load(instanceId)
    if (!live) {
      throw new ConflictError(
        `instance "${instanceId}" has already ended (${row.status})`,
        'instance_finished',
        {
          status: row.status,
        },
      )
    }
    await this.instances.send(live, { type: 'CANCEL', ...(reason ? { reason } : {}) }, by)
    return instanceView(await this.instanceRow(instanceId))
  }

  /** The instance if it was cancelled already: what a cancel run again after a takeover answers. */
  async cancelledAlready(instanceId: string): Promise<InstanceSummary | undefined> {
    const row = await this.instanceRow(instanceId)
    return row.status === 'cancelled' ? instanceView(row) : undefined
  }

  /** The incident if it was resolved as `status` already: what the same resolution run again answers. */
  async resolvedAlready(incidentId: string, status: Incident['status']): Promise<Incident | undefined> {
    const row = await incidentRow(this.sql, incidentId)
    return row?.status === status ? incidentView(row) : undefined
  }

  /** The open incident and its instance; the caller acts on them at once, with no await between. */
  private async openIncident(incidentId: string) {
    const row = await incidentRow(this.sql, incidentId)
    if (!row) throw new NotFoundError('incident', incidentId)
    if (row.status !== 'open') {
      throw new ConflictError(`incident "${incidentId}" is already ${row.status}`, 'incident_resolved', {
        status: row.status,
      })
    }
    const live = await this.instances.load(row.instance_id)
    if (!live)
      throw new ConflictError(`the instance of incident "${incidentId}" has ended`, 'instance_finished')
    // Checked again after the reads: one resolved meanwhile has left the instance, its row not yet stored.
    if (!live.incidents.has(row.node_id)) {
      throw new ConflictError(`incident "${incidentId}" is already being resolved`, 'incident_resolved', {
        status: row.status,
      })
    }
    return { row, live }
  }

  private async view(incidentId: string): Promise<Incident> {
    return incidentView((await incidentRow(this.sql, incidentId))!)
  }

  /** Runs the step again with the same idempotency key and a fresh set of attempts. */
  async retry(incidentId: string, by: string): Promise<Incident> {
    const { row, live } = await this.openIncident(incidentId)
    this.parts.incidents.close(live, row, 'retried', by)
    this.parts.writer.outboxStatus(workId(live, row.node_id, row.visit), 'pending', 0, null, this.parts.now())
    this.parts.work.perform(live, row.node_id, row.visit, 1)
    await this.parts.writer.committed()
    return this.view(incidentId)
  }

  /** Continues as if the step had succeeded with `result` (a decision takes its default branch). */
  async skip(incidentId: string, result: unknown, by: string): Promise<Incident> {
    const { row, live } = await this.openIncident(incidentId)
    const node = live.deployment.compiled.manifest.nodes[row.node_id]
    const event =
      node?.kind === 'decision'
        ? { type: 'DECIDE' as const, nodeId: row.node_id, branch: node.defaultBranch ?? node.branches[0]!.id }
        : { type: 'STEP_DONE' as const, nodeId: row.node_id, ...(result === undefined ? {} : { result }) }
    // A result the instance cannot hold is refused while the incident is still open.
    this.instances.admit(live, event)
    this.parts.incidents.close(live, row, 'skipped', by)
    this.parts.work.finish(live, row.node_id, row.visit, row.attempts, event, by)
    await this.parts.writer.committed()
    return this.view(incidentId)
  }

  async cancel(incidentId: string, by: string): Promise<Incident> {
    const { row, live } = await this.openIncident(incidentId)
    this.parts.incidents.close(live, row, 'cancelled', by)
    await this.instances.send(live, { type: 'CANCEL', reason: `incident ${incidentId} cancelled` }, by)
    return this.view(incidentId)
  }
}
