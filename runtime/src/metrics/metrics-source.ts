import { EventPages, eventPageSize } from '../store/event-pages'
import type { SqlDatabase } from '../store/sql/sql-database'
import { computeMetricsOfPages, type MetricsScope } from './compute-metrics'
import { DeploymentNodes } from './deployment-nodes'
import { MetricStore } from './metric-store'
import { metricEventsOf } from './metric-events'
import type { MetricEvent, NodeInfo } from './metric-fold'
import type { Figures } from './metrics-readout'

/**
 * A workflow's metrics: read from the tallies kept with the event log (`store`), or recomputed from
 * the whole log (`recompute`, the reference the tallies are tested and benchmarked against).
 */
export class MetricsSource {
  private readonly events: EventPages
  private readonly deploymentNodes: DeploymentNodes
  readonly store: MetricStore

  /** `logPageSize`: events read per page of the log when recomputing. */
  constructor(sql: SqlDatabase, defaultCostPerItem?: number, logPageSize = eventPageSize) {
    this.events = new EventPages(sql, logPageSize)
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

  /** From the whole event log as it stands now, read again page by page. */
  async recompute(
    workflowId: string,
    options: { deploymentId?: string; since?: string } = {},
  ): Promise<Figures> {
    const scope = await this.scope(workflowId, options)
    const pages = this.metricEventPages(workflowId, await this.events.lastSeq())
    return computeMetricsOfPages(pages, (id) => this.deploymentNodes.of(id), scope)
  }

  /** The workflow's log up to `until` as metric events, a page at a time, each page's deployments loaded. */
  private async *metricEventPages(workflowId: string, until: number): AsyncGenerator<MetricEvent[]> {
    for await (const rows of this.events.workflowLog(workflowId, until)) {
      // A deployment made after the scope was read has events in the log too.
      await this.deploymentNodes.load(rows.map((row) => row.deployment_id))
      const events: MetricEvent[] = []
      for (const row of rows) metricEventsOf(row, events)
      yield events
    }
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
