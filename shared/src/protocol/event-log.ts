import type { WorkflowEvent } from '../compiler/compiled'

/** What the engine records in the event log beside the machine's own events. */
export type EngineEventType =
  | 'finished'
  | 'retry'
  | 'failed'
  | 'sla.breached'
  | 'incident.opened'
  | 'assistant.fallback'
  | 'assistant.applied'
  | TaskEventType

/** What happens to a person's task; each is also the audit entry's action. */
export type TaskEventType =
  'task.created' | 'task.claimed' | 'task.released' | 'task.completed' | 'task.rejected'

/**
 * The type of every event-log row: the machine's events (`START`, `STEP_DONE`, …) and the engine's
 * own. Writers and readers of the log share it, so a misspelt type is a type error.
 */
export type EventType = WorkflowEvent['type'] | EngineEventType

/** An instance's history entry: an event-log row, or `entered` for each node a transition entered. */
export type HistoryEntryType = EventType | 'entered'

/** Every history entry type, for schemas and documentation; the API's schema checks it is complete. */
export const historyEntryTypes = [
  'START',
  'STEP_DONE',
  'STEP_FAILED',
  'STEP_TIMEOUT',
  'STEP_REJECTED',
  'DECIDE',
  'CANCEL',
  'finished',
  'retry',
  'failed',
  'sla.breached',
  'incident.opened',
  'assistant.fallback',
  'assistant.applied',
  'task.created',
  'task.claimed',
  'task.released',
  'task.completed',
  'task.rejected',
  'entered',
] as const satisfies readonly HistoryEntryType[]

/** The process-mining formats the event log is downloaded in: OCEL 2.0 JSON and IEEE XES. */
export const eventLogFormats = ['ocel', 'xes'] as const
export type EventLogFormat = (typeof eventLogFormats)[number]

/** Where a workflow's event log is downloaded in `format`. */
export function eventLogPath(workflowId: string, format: EventLogFormat): string {
  return `/api/workflows/${encodeURIComponent(workflowId)}/event-log?format=${format}`
}
