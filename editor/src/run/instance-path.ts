import type { InstanceDetail, StepHistoryEntry } from '@conveyor/shared/protocol/api'
import type { NodeOverlay } from '../app/extensions'
import { formatDuration } from './format'

export interface StepTiming {
  nodeId: string
  /** When the instance first reached the node. */
  firstAt: string
  /** Time from the node's first to its last event; for a node the instance is at, until now. */
  ms: number
}

/** How long the instance spent at each node it reached, in the order it reached them. */
export function stepTimings(history: StepHistoryEntry[], activeNodes: string[], now: number): StepTiming[] {
  const spans = new Map<string, { first: number; last: number; firstAt: string }>()
  for (const entry of [...history].sort((a, b) => a.seq - b.seq)) {
    if (!entry.nodeId) continue
    const at = Date.parse(entry.at)
    const span = spans.get(entry.nodeId)
    if (span) span.last = Math.max(span.last, at)
    else spans.set(entry.nodeId, { first: at, last: at, firstAt: entry.at })
  }
  return [...spans].map(([nodeId, span]) => ({
    nodeId,
    firstAt: span.firstAt,
    ms: (activeNodes.includes(nodeId) ? Math.max(now, span.last) : span.last) - span.first,
  }))
}

/**
 * An instance painted on its diagram: the nodes it passed, where it is now (waiting when a person
 * holds the work), where it failed, and how long each step took.
 */
export function instanceOverlay(instance: InstanceDetail, now: number): NodeOverlay {
  const overlay: NodeOverlay = {}
  for (const timing of stepTimings(instance.history, instance.activeNodes, now)) {
    overlay[timing.nodeId] = { status: 'visited', badges: [formatDuration(timing.ms)] }
  }
  const waitingOn = new Set(instance.openTasks.map((task) => task.nodeId))
  for (const nodeId of instance.activeNodes) {
    overlay[nodeId] = { ...overlay[nodeId], status: waitingOn.has(nodeId) ? 'waiting' : 'active' }
  }
  for (const incident of instance.openIncidents) {
    overlay[incident.nodeId] = { ...overlay[incident.nodeId], status: 'failed' }
  }
  if (instance.status === 'failed') {
    const failedAt = [...instance.history].reverse().find((entry) => entry.nodeId)?.nodeId
    if (failedAt) overlay[failedAt] = { ...overlay[failedAt], status: 'failed' }
  }
  return overlay
}
