import type { WorkflowDocument } from '@conveyor/shared'
import type { EventType } from '@conveyor/shared/protocol/event-log'
import type { WorkflowMetrics } from '../service/types'
import type { Db } from '../store/database'
import { parseEntered } from '../store/entered'
import { computeMetrics, type MetricEvent, type NodeInfo } from './compute-metrics'

interface EventRow {
  at: number
  instance_id: string
  type: EventType
  node_id: string | null
  visit: number | null
  entered: string | null
  detail: string | null
}

/** Reads what metrics need from the store: the event log, the nodes and where instances are now. */
export class MetricsSource {
  private readonly sql

  constructor(
    db: Db,
    private readonly fallbackCostPerItem?: number,
  ) {
    this.sql = {
      // Through the instances: the event log is indexed by instance only, to keep its writes cheap.
      events: db.prepare(`SELECT e.at, e.instance_id, e.type, e.node_id, e.visit, e.entered, e.detail
        FROM instances i JOIN events e ON e.instance_id = i.id
        WHERE i.workflow_id = ? AND (? IS NULL OR i.deployment_id = ?) AND e.at >= ? ORDER BY e.seq`),
      documents: db.prepare('SELECT document FROM deployments WHERE workflow_id = ? ORDER BY version'),
      active:
        db.prepare(`SELECT active_nodes FROM instances WHERE workflow_id = ? AND (? IS NULL OR deployment_id = ?)
        AND status NOT IN ('completed', 'failed', 'cancelled', 'rejected')`),
    }
  }

  /** What each node of any of the workflow's deployments is called, its kind and its cost. */
  nodes(workflowId: string): Record<string, NodeInfo> {
    const nodes: Record<string, NodeInfo> = {}
    for (const row of this.sql.documents.all(workflowId) as Array<{ document: string }>) {
      const document = JSON.parse(row.document) as WorkflowDocument
      for (const node of document.nodes) {
        const facts = 'facts' in node.data ? node.data.facts : undefined
        const cost = node.type === 'step' && node.data.mode !== 'automate' ? facts?.costPerItem : undefined
        nodes[node.id] = {
          label: node.data.label,
          kind: node.type,
          ...(cost !== undefined ? { costPerItem: cost } : {}),
        }
      }
    }
    return nodes
  }

  workflow(workflowId: string, options: { deploymentId?: string; since?: string } = {}): WorkflowMetrics {
    const deployment = options.deploymentId ?? null
    const since = options.since ? Date.parse(options.since) : 0
    const rows = this.sql.events.iterate(workflowId, deployment, deployment, Number.isNaN(since) ? 0 : since)
    const events = (function* (): Generator<MetricEvent> {
      for (const row of rows as IterableIterator<EventRow>) {
        yield {
          at: row.at,
          instanceId: row.instance_id,
          type: row.type,
          nodeId: row.node_id,
          visit: row.visit,
          detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
        }
        for (const { nodeId, visit } of parseEntered(row.entered)) {
          yield { at: row.at, instanceId: row.instance_id, type: 'entered', nodeId, visit, detail: null }
        }
      }
    })()
    const byNode: Record<string, number> = {}
    const active = this.sql.active.all(workflowId, deployment, deployment) as Array<{ active_nodes: string }>
    for (const row of active) {
      for (const nodeId of JSON.parse(row.active_nodes) as string[])
        byNode[nodeId] = (byNode[nodeId] ?? 0) + 1
    }
    return computeMetrics(
      workflowId,
      events,
      this.nodes(workflowId),
      { instances: active.length, byNode },
      this.fallbackCostPerItem,
    )
  }
}
