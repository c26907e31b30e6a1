import { verdictWord, type LogEvent, type LogEventKind } from './log-events'

/**
 * The name of each kind of event as an activity: an OCEL event type, and an XES `concept:name`
 * where XES has no lifecycle transition to say it. Events at a step carry the step's name, so a
 * mining tool sees one activity per step.
 */
const activities: Record<LogEventKind, (event: LogEvent) => string> = {
  'item.started': () => 'Item started',
  'item.cancelled': () => 'Item cancelled',
  'item.ended': () => 'Item ended',
  'node.reached': (e) => stepOf(e),
  'step.started': (e) => `${stepOf(e)} started`,
  'step.completed': (e) => `${stepOf(e)} completed`,
  'step.decided': (e) => `${stepOf(e)} decided`,
  'step.rejected': (e) => `${stepOf(e)} rejected`,
  'step.failed': (e) => `${stepOf(e)} failed`,
  'step.timedOut': (e) => `${stepOf(e)} timed out`,
  'step.callFailed': (e) => `${stepOf(e)} call failed`,
  'step.retried': (e) => `${stepOf(e)} call retried`,
  'step.fellBack': (e) => `${stepOf(e)} fell back to people`,
  'incident.opened': (e) => `${stepOf(e)} incident opened`,
  'sla.breached': (e) => `${stepOf(e)} SLA breached`,
  'suggestion.applied': (e) => `${stepOf(e)} suggestion applied`,
  'suggestion.judged': (e) => `Suggestion ${verdictWord(String(e.attributes.verdict))}`,
  'task.created': () => 'Task created',
  'task.claimed': () => 'Task claimed',
  'task.released': () => 'Task released',
  'task.completed': () => 'Task completed',
  'task.rejected': () => 'Task rejected',
}

function stepOf(event: LogEvent): string {
  return event.step ?? event.nodeId ?? 'Step'
}

export function activityOf(event: LogEvent): string {
  return activities[event.kind](event)
}

/** The type each attribute is declared with (OCEL) or written as (XES); any other is text. */
export const attributeTypes: Record<string, 'integer' | 'float' | 'boolean'> = {
  visit: 'integer',
  attempt: 'integer',
  version: 'integer',
  confidence: 'float',
}

export function attributeTypeOf(name: string): 'string' | 'integer' | 'float' | 'boolean' {
  return attributeTypes[name] ?? 'string'
}
