import type { EventType } from '@conveyor/shared/protocol/event-log'
import { parseEntered } from '../store/entered'
import type { MetricEvent } from './metric-fold'

export interface EventRow {
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
