import type { Outcome, TriggerStart } from '../model'
import { cronFromCycle, durationFromIso } from './bpmn-times'
import { childOf, listOf, textOf, type ModdleObject } from './moddle'

/** The first event definition of an event, as its short type (`Timer`, `Message`), and the definition. */
export function eventDefinitionOf(event: ModdleObject): { type: string; definition?: ModdleObject } {
  const definition = listOf(event, 'eventDefinitions')[0]
  if (!definition) return { type: 'None' }
  return { type: definition.$type.replace(/^bpmn:/, '').replace(/EventDefinition$/, ''), definition }
}

/** The text of a timer's duration, cycle or date. */
export function timerText(definition: ModdleObject | undefined, property: string): string | undefined {
  return textOf(childOf(definition, property), 'body')?.trim() || undefined
}

export interface Mapping<T> {
  value: T
  /** Set when the mapping is only the nearest thing: why, and what to do. */
  approximation?: { message: string; hint: string }
}

/** How an instance starts, from a start event's definition. */
export function triggerStartOf(event: ModdleObject): Mapping<TriggerStart> {
  const { type, definition } = eventDefinitionOf(event)
  if (type === 'None') return { value: { kind: 'manual' } }
  if (type === 'Message') return { value: { kind: 'webhook' } }
  if (type === 'Signal') {
    const name = textOf(childOf(definition, 'signalRef'), 'name')
    const eventId = (name ?? 'signal').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z]+/, '') || 'signal'
    return { value: { kind: 'event', event: eventId.slice(0, 64) } }
  }
  if (type === 'Timer') {
    const cycle = timerText(definition, 'timeCycle')
    if (cycle) {
      const { cron, exact } = cronFromCycle(cycle)
      return exact
        ? { value: { kind: 'schedule', cron } }
        : {
            value: { kind: 'schedule', cron },
            approximation: {
              message: `Its timer cycle "${cycle}" was kept as the schedule as written`,
              hint: 'Write the schedule as cron, e.g. "0 9 * * 1-5" for 9:00 on weekdays.',
            },
          }
    }
    return {
      value: { kind: 'schedule', cron: '0 9 * * 1-5' },
      approximation: {
        message: 'A timer start at one date or after a wait became a schedule at 9:00 on weekdays',
        hint: 'Set the schedule the workflow should start on, or start it by hand.',
      },
    }
  }
  return {
    value: { kind: 'manual' },
    approximation: {
      message: `A ${type.toLowerCase()} start event became a start by hand`,
      hint: 'Conveyor starts work by hand, from a webhook, on a schedule or on an event: pick one.',
    },
  }
}

/** How an instance finishes, from an end event's definition. */
export function endOutcomeOf(event: ModdleObject): Mapping<Outcome> {
  const { type } = eventDefinitionOf(event)
  if (type === 'None' || type === 'Terminate') return { value: 'completed' }
  if (type === 'Error') return { value: 'failed' }
  if (type === 'Cancel') return { value: 'cancelled' }
  return {
    value: 'completed',
    approximation: {
      message: `A ${type.toLowerCase()} end event became a plain end: what it sends is not sent`,
      hint: 'Add a step before the end that sends it (an http call or a message to a person).',
    },
  }
}

/** A wait in the flow (an intermediate timer), as a duration, when it has an exact one. */
export function waitOf(event: ModdleObject): string | undefined {
  const { type, definition } = eventDefinitionOf(event)
  return type === 'Timer' ? durationFromIso(timerText(definition, 'timeDuration')) : undefined
}
