import type { EventType } from '@conveyor/shared/protocol/event-log'
import type { Db } from '../store/database'
import { parseEntered } from '../store/entered'
import { computeMetrics } from './compute-metrics'
import { DeploymentNodes } from './deployment-nodes'
import type { MetricEvent, NodeInfo } from './metric-fold'
import type { Figures } from './metrics-readout'

interface EventRow {
  at: number
  instance_id: string
  workflow_id: string
  deployment_id: string
  type: EventType
  node_id: string | null
  visit: number | null
  entered: string | null
  detail: string | null
}

/** An event-log row as the metric events it holds: the event, then an `entered` per node entered. */
export function* metricEventsOf(row: EventRow): Generator<MetricEvent> {
  const base = {
    at: row.at,
    instanceId: row.instance_id,
    workflowId: row.workflow_id,
    deploymentId: row.deployment_id,
  }
  yield {
    ...base,
    type: row.type,
    nodeId: row.node_id,
    visit: row.visit,
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
  }
  for (const { nodeId, visit } of parseEntered(row.entered)) {
    yield { ...base, type: 'entered', nodeId, visit, detail: null }
  }
}

/** Recomputes a workflow's metrics from its whole event log. */
export class MetricsSource {
  private readonly events
  private readonly deploymentNodes: DeploymentNodes

  constructor(db: Db, defaultCostPerItem?: number) {
    // Through the instances: the event log is indexed by instance only, to keep its writes cheap.
    this.events =
      db.prepare(`SELECT e.at, e.instance_id, e.workflow_id, e.deployment_id, e.type, e.node_id, e.visit,
        e.entered, e.detail
      FROM instances i JOIN events e ON e.instance_id = i.id WHERE i.workflow_id = ? ORDER BY e.seq`)
    this.deploymentNodes = new DeploymentNodes(db, defaultCostPerItem)
  }

  /** What each node of any of the workflow's deployments is called, its kind and its cost. */
  nodes(workflowId: string): Record<string, NodeInfo> {
    return this.deploymentNodes.workflow(workflowId).nodes
  }

  workflow(workflowId: string, options: { deploymentId?: string; since?: string } = {}): Figures {
    const rows = this.events.iterate(workflowId) as IterableIterator<EventRow>
    const events = (function* () {
      for (const row of rows) yield* metricEventsOf(row)
    })()
    const since = options.since ? Date.parse(options.since) : Number.NaN
    return computeMetrics(events, (id) => this.deploymentNodes.of(id), {
      workflowId,
      ...this.deploymentNodes.workflow(workflowId),
      ...(options.deploymentId ? { deploymentId: options.deploymentId } : {}),
      ...(Number.isNaN(since) ? {} : { since }),
    })
  }
}
