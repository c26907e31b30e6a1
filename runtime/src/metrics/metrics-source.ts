import type { Db } from '../store/database'
import type { SqlDatabase } from '../store/sql/sql-database'
import { computeMetrics, type MetricsScope } from './compute-metrics'
import { DeploymentNodes } from './deployment-nodes'
import { MetricStore } from './metric-store'
import { metricEventsOf, type EventRow } from './metric-events'
import type { NodeInfo } from './metric-fold'
import type { Figures } from './metrics-readout'

/**
 * A workflow's metrics: read from the tallies kept with the event log (`store`), or recomputed from
 * the whole log (`recompute`, the reference the tallies are tested and benchmarked against).
 */
export class MetricsSource {
  private readonly events
  private readonly deploymentNodes: DeploymentNodes
  readonly store: MetricStore

  constructor(db: Db, sql: SqlDatabase, defaultCostPerItem?: number) {
    // Through the instances: the event log is indexed by instance only, to keep its writes cheap.
    this.events =
      db.prepare(`SELECT e.at, e.instance_id, e.workflow_id, e.deployment_id, e.type, e.node_id, e.visit,
        e.entered, e.detail
      FROM instances i JOIN events e ON e.instance_id = i.id WHERE i.workflow_id = ? ORDER BY e.seq`)
    this.deploymentNodes = new DeploymentNodes(sql, defaultCostPerItem)
    this.store = new MetricStore(sql, this.deploymentNodes)
  }

  /** What each node of any of the workflow's deployments is called, its kind and its cost. */
  async nodes(workflowId: string): Promise<Record<string, NodeInfo>> {
    return (await this.deploymentNodes.workflow(workflowId)).nodes
  }

  /** From the stored day tallies: as fast at a million events as at a thousand. */
  async workflow(
    workflowId: string,
    options: { deploymentId?: string; since?: string } = {},
  ): Promise<Figures> {
    return this.store.read(await this.scope(workflowId, options))
  }

  /** From the whole event log, read again. */
  async recompute(
    workflowId: string,
    options: { deploymentId?: string; since?: string } = {},
  ): Promise<Figures> {
    const scope = await this.scope(workflowId, options)
    const rows = this.events.iterate(workflowId) as IterableIterator<EventRow>
    const events = (function* () {
      for (const row of rows) yield* metricEventsOf(row)
    })()
    return computeMetrics(events, (id) => this.deploymentNodes.of(id), scope)
  }

  private async scope(
    workflowId: string,
    options: { deploymentId?: string; since?: string },
  ): Promise<MetricsScope> {
    const since = options.since ? Date.parse(options.since) : Number.NaN
    return {
      workflowId,
      ...(await this.deploymentNodes.workflow(workflowId)),
      ...(options.deploymentId ? { deploymentId: options.deploymentId } : {}),
      ...(Number.isNaN(since) ? {} : { since }),
    }
  }
}
