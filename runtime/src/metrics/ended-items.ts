import type { EventType } from '@conveyor/shared/protocol/event-log'

/** What one item (an instance) that ended brings to a trend. */
export interface EndedItem {
  endedAt: number
  leadTimeMs: number
  /** A person completed or rejected one of its tasks (a fallback task too). */
  touched: boolean
  /** People's verdicts on the assistant's suggestions, and how many of them overrode it. */
  verdicts: number
  overrides: number
  slaBreaches: number
  /** What people's handling of it cost; null when no handling of it has a known cost. */
  cost: number | null
}

/** The event-log entries an ended item's figures are made of. */
export const endedItemEventTypes = [
  'task.completed',
  'task.rejected',
  'sla.breached',
] as const satisfies readonly EventType[]

export interface EndedItemEvent {
  type: (typeof endedItemEventTypes)[number]
  nodeId: string | null
  detail: Record<string, unknown> | null
}

/**
 * Folds an ended item's events into its figures. A task a person completed or rejected is handling,
 * costed at the step's cost per item (`costOf`, undefined when unknown).
 */
export function endedItem(
  times: { startedAt: number; endedAt: number },
  events: Iterable<EndedItemEvent>,
  costOf: (nodeId: string) => number | undefined,
): EndedItem {
  const item: EndedItem = {
    endedAt: times.endedAt,
    leadTimeMs: times.endedAt - times.startedAt,
    touched: false,
    verdicts: 0,
    overrides: 0,
    slaBreaches: 0,
    cost: null,
  }
  for (const event of events) {
    if (event.type === 'sla.breached') {
      item.slaBreaches++
      continue
    }
    item.touched = true
    const verdict = event.detail?.verdict
    if (event.type === 'task.completed' && typeof verdict === 'string') {
      item.verdicts++
      if (verdict === 'override') item.overrides++
    }
    const cost = event.nodeId === null ? undefined : costOf(event.nodeId)
    if (cost !== undefined) item.cost = (item.cost ?? 0) + cost
  }
  return item
}
