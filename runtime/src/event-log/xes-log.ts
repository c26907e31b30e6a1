import { activityOf, attributeTypeOf } from './activity-names'
import { LogEventReader, readAll, type AttributeValue, type LogEvent, type LogEventKind } from './log-events'
import type { TimeWindow } from '../store/event-pages'
import type { LogStore, StoredItem } from './log-store'

/**
 * How each kind of event appears in XES: its lifecycle transition (the standard lifecycle model),
 * and whether its `concept:name` is the step's own name (the step's life: scheduled, assigned,
 * started, ended) or the event's activity. A task's completion is not an event of its own: its
 * person is the resource of the step's end, which the next row records.
 */
const xesShapes: Record<LogEventKind, { transition: string; named: 'step' | 'activity' } | null> = {
  'item.started': { transition: 'complete', named: 'activity' },
  'item.cancelled': { transition: 'pi_abort', named: 'activity' },
  'item.ended': { transition: 'complete', named: 'activity' },
  'node.reached': { transition: 'complete', named: 'step' },
  'step.started': { transition: 'start', named: 'step' },
  'step.completed': { transition: 'complete', named: 'step' },
  'step.decided': { transition: 'complete', named: 'step' },
  'step.rejected': { transition: 'ate_abort', named: 'step' },
  'step.failed': { transition: 'ate_abort', named: 'step' },
  'step.timedOut': { transition: 'ate_abort', named: 'step' },
  'step.callFailed': { transition: 'complete', named: 'activity' },
  'step.retried': { transition: 'complete', named: 'activity' },
  'step.fellBack': { transition: 'complete', named: 'activity' },
  'incident.opened': { transition: 'complete', named: 'activity' },
  'sla.breached': { transition: 'complete', named: 'activity' },
  'suggestion.applied': { transition: 'complete', named: 'activity' },
  'suggestion.judged': { transition: 'complete', named: 'activity' },
  'task.created': { transition: 'schedule', named: 'step' },
  'task.claimed': { transition: 'assign', named: 'step' },
  'task.released': { transition: 'reassign', named: 'step' },
  'task.completed': null,
  'task.rejected': null,
}

const header = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="__INVALID__"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
    <string key="lifecycle:transition" value="complete"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000Z"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>
`

/**
 * IEEE 1849 XES: one trace per item (instance), its events in the order they happened. Written
 * item by item, each item's events page by page; an item with no event in the window is left out.
 */
export async function* xesLog(
  store: LogStore,
  workflow: { id: string; name: string },
  window: TimeWindow,
): AsyncGenerator<string> {
  const until = await store.events.lastSeq()
  const reader = new LogEventReader(await store.nodeNames(workflow.id), store)
  yield `${header}  ${attribute('concept:name', workflow.name)}\n`
  for await (const items of store.items(workflow.id, window)) {
    for (const item of items) {
      let opened = false
      for await (const page of store.events.instanceEvents(item.id, window, until)) {
        const text = (await readAll(reader, page)).map(xesEvent).join('')
        if (!text) continue
        yield opened ? text : traceOpening(item) + text
        opened = true
      }
      if (opened) yield '  </trace>\n'
    }
  }
  yield '</log>\n'
}

function traceOpening(item: StoredItem): string {
  const attributes: Array<[string, AttributeValue | null]> = [
    ['concept:name', item.id],
    ['trigger', item.trigger_id],
    ['version', item.version],
    ['status', item.status],
    ['outcome', item.outcome],
  ]
  const lines = attributes.flatMap(([key, value]) =>
    value === null ? [] : [`    ${attribute(key, value)}\n`],
  )
  return `  <trace>\n${lines.join('')}`
}

function xesEvent(event: LogEvent): string {
  const shape = xesShapes[event.kind]
  if (!shape) return ''
  const name = shape.named === 'step' ? (event.step ?? activityOf(event)) : activityOf(event)
  const lines = [
    attribute('concept:name', name),
    attribute('lifecycle:transition', shape.transition),
    `<date key="time:timestamp" value="${new Date(event.at).toISOString()}"/>`,
    ...(event.person ? [attribute('org:resource', event.person)] : []),
    ...Object.entries(event.attributes).map(([key, value]) => attribute(key, value)),
  ]
  return `    <event>\n${lines.map((line) => `      ${line}\n`).join('')}    </event>\n`
}

const xesTags = { string: 'string', integer: 'int', float: 'float', boolean: 'boolean' } as const

function attribute(key: string, value: AttributeValue): string {
  const tag = key.includes(':') ? 'string' : xesTags[attributeTypeOf(key)]
  return `<${tag} key="${escapeXml(key)}" value="${escapeXml(String(value))}"/>`
}

/**
 * Text as an XML attribute value: markup characters escaped, line breaks and tabs kept as
 * character references (a parser would turn them into spaces), and characters XML 1.0 cannot
 * hold at all replaced.
 */
export function escapeXml(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what this replaces
    /[&<>"'\t\n\r]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (c) => xmlEscapes[c] ?? '\uFFFD',
  )
}

const xmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
}
