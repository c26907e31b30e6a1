import { partitionOf } from '../cluster/partitions'
import type { Operations } from './operations'
import type { Queries } from './queries'
import type { RoutedCall, RoutedCalls } from './routed-calls'
import type { Actor, Incident, InstanceSummary } from './types'

interface CancelInstance {
  instanceId: string
  reason?: string
  by: Actor
}
interface ResolveIncident {
  incidentId: string
  by: Actor
}
interface SkipIncident extends ResolveIncident {
  result?: unknown
}

/**
 * Operators' actions on instances and incidents, each run by the owner of the instance's
 * partition. Run again after a takeover, an action finds what its earlier run did (the instance
 * cancelled, the incident resolved the same way) and answers with it instead of a conflict.
 */
export class RoutedOperations {
  private readonly cancelCall: RoutedCall<CancelInstance, InstanceSummary>
  private readonly retryCall: RoutedCall<ResolveIncident, Incident>
  private readonly skipCall: RoutedCall<SkipIncident, Incident>
  private readonly cancelIncidentCall: RoutedCall<ResolveIncident, Incident>

  constructor(
    calls: RoutedCalls,
    operations: Operations,
    private readonly queries: Pick<Queries, 'getIncident'>,
  ) {
    this.cancelCall = calls.define('instance.cancel', async (p: CancelInstance, retaken) => {
      const earlier = retaken ? await operations.cancelledAlready(p.instanceId) : undefined
      return earlier ?? operations.cancelInstance(p.instanceId, p.reason, p.by)
    })
    this.retryCall = calls.define('incident.retry', async (p: ResolveIncident, retaken) => {
      const earlier = retaken ? await operations.resolvedAlready(p.incidentId, 'retried') : undefined
      return earlier ?? operations.retry(p.incidentId, p.by)
    })
    this.skipCall = calls.define('incident.skip', async (p: SkipIncident, retaken) => {
      const earlier = retaken ? await operations.resolvedAlready(p.incidentId, 'skipped') : undefined
      return earlier ?? operations.skip(p.incidentId, p.result, p.by)
    })
    this.cancelIncidentCall = calls.define('incident.cancel', async (p: ResolveIncident, retaken) => {
      const earlier = retaken ? await operations.resolvedAlready(p.incidentId, 'cancelled') : undefined
      return earlier ?? operations.cancel(p.incidentId, p.by)
    })
  }

  cancelInstance(instanceId: string, reason: string | undefined, by: Actor): Promise<InstanceSummary> {
    return this.cancelCall(partitionOf(instanceId), { instanceId, reason, by })
  }

  retryIncident(incidentId: string, by: Actor): Promise<Incident> {
    return this.retryCall(this.partOf(incidentId), { incidentId, by })
  }

  skipIncident(incidentId: string, result: unknown, by: Actor): Promise<Incident> {
    return this.skipCall(this.partOf(incidentId), { incidentId, result, by })
  }

  cancelIncident(incidentId: string, by: Actor): Promise<Incident> {
    return this.cancelIncidentCall(this.partOf(incidentId), { incidentId, by })
  }

  /** The partition of the incident's instance; an incident that does not exist is a 404 here. */
  private partOf(incidentId: string) {
    return async () => partitionOf((await this.queries.getIncident(incidentId)).instanceId)
  }
}
