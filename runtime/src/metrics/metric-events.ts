import type { EventType } from '@conveyor/shared/protocol/event-log'
import { parseEntered } from '../store/entered'
import type { EventWrite } from '../store/writer'
import { typesWithDetail, type MetricEvent } from './metric-fold'

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

/**
 * An event-log row as the metric events it holds: the event, then an `entered` per node entered
 * (added to `into`, which is returned).
 */
export function metricEventsOf(row: EventRow, into: MetricEvent[] = []): MetricEvent[] {
  return metricEvents(
    into,
    row.at,
    row.instance_id,
    row.workflow_id,
    row.deployment_id,
    row.type,
    row.node_id,
    row.visit,
    row.entered,
    row.detail,
  )
}

/** An event the writer appended, as the metric events its row holds (added to `into`, which is returned). */
export function writtenMetricEvents(e: EventWrite, into: MetricEvent[] = []): MetricEvent[] {
  return metricEvents(
    into,
    e.at,
    e.instanceId,
    e.workflowId,
    e.deploymentId,
    e.type,
    e.nodeId ?? null,
    e.visit ?? null,
    e.entered ?? null,
    e.detail ?? null,
  )
}

/**
 * Builds each event field by field (no spreads) and parses its detail only if the fold reads it:
 * this runs for every event the runtime writes. A detail still an object goes through JSON as the
 * log stores it, so the fold sees what a recomputation from the log will read.
 */
function metricEvents(
  into: MetricEvent[],
  at: number,
  instanceId: string,
  workflowId: string,
  deploymentId: string,
  type: EventType,
  nodeId: string | null,
  visit: number | null,
  entered: string | null,
  detail: Record<string, unknown> | string | null,
): MetricEvent[] {
  const read =
    !detail || !typesWithDetail.has(type)
      ? null
      : (JSON.parse(typeof detail === 'string' ? detail : JSON.stringify(detail)) as Record<string, unknown>)
  into.push({ at, instanceId, workflowId, deploymentId, type, nodeId, visit, detail: read })
  for (const pair of parseEntered(entered)) {
    into.push({
      at,
      instanceId,
      workflowId,
      deploymentId,
      type: 'entered',
      nodeId: pair.nodeId,
      visit: pair.visit,
      detail: null,
    })
  }
  return into
}
