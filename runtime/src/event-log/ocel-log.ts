import { activityOf, attributeTypeOf } from './activity-names'
import {
  LogEventReader,
  readAll,
  personOf,
  suggestionId,
  type AttributeValue,
  type LogEvent,
  type LogEventKind,
} from './log-events'
import type { TimeWindow } from '../store/event-pages'
import type { LogStore, StoredItem, StoredTask } from './log-store'

/**
 * OCEL 2.0 JSON (https://www.ocel-standard.org): items, tasks, suggestions and people as objects,
 * every event related to the objects it touched. Written page by page: the events first, then the
 * objects, then the types, whose lists only the log itself tells (JSON keeps no key order, and a
 * type seen last is declared last). Memory holds one page, the types and the people's names.
 */
export async function* ocelLog(
  store: LogStore,
  workflowId: string,
  window: TimeWindow,
): AsyncGenerator<string> {
  const until = await store.events.lastSeq()
  const reader = new LogEventReader(await store.nodeNames(workflowId), store)
  const eventTypes = new Map<string, Set<string>>()
  const people = new Set<string>()
  const list = new ListWriter()

  yield '{"events":['
  for await (const page of store.events.workflowEvents(workflowId, window, until)) {
    const events = await readAll(reader, page)
    for (const event of events) {
      const type = activityOf(event)
      const declared = eventTypes.get(type) ?? new Set<string>()
      for (const name of Object.keys(event.attributes)) declared.add(name)
      eventTypes.set(type, declared)
      if (event.person) people.add(event.person)
    }
    yield list.items(events.map((event) => ocelEvent(event)))
  }
  yield '],"objects":['
  list.reset()
  for await (const page of store.items(workflowId, window)) yield list.items(page.map(itemObject))
  for await (const page of store.tasks(workflowId, window)) {
    const objects: unknown[] = []
    for (const task of page) {
      for (const name of [task.assignee, task.completed_by]) {
        const person = personOf(name)
        if (person) people.add(person)
      }
      objects.push(taskObject(task))
      if (task.suggestion) objects.push(suggestionObject(task))
    }
    yield list.items(objects)
  }
  for await (const page of store.events.appliedSuggestions(workflowId, window, until)) {
    const applied = (await readAll(reader, page)).filter((e) => e.kind === 'suggestion.applied')
    yield list.items(applied.map(appliedSuggestionObject))
  }
  yield list.items([...people].map((name) => ({ id: personId(name), type: 'person', attributes: [] })))
  yield `],"objectTypes":${JSON.stringify(objectTypes)},"eventTypes":${JSON.stringify(
    [...eventTypes].map(([name, attributes]) => ({
      name,
      attributes: [...attributes].map((attribute) => ({ name: attribute, type: attributeTypeOf(attribute) })),
    })),
  )}}`
}

/** Writes a JSON array's items across chunks, with commas between them. */
class ListWriter {
  private written = false

  items(values: unknown[]): string {
    if (values.length === 0) return ''
    const text = values.map((value) => JSON.stringify(value)).join(',')
    const chunk = this.written ? `,${text}` : text
    this.written = true
    return chunk
  }

  reset(): void {
    this.written = false
  }
}

const epoch = new Date(0).toISOString()
const iso = (ms: number) => new Date(ms).toISOString()
const personId = (name: string) => `person:${name}`

/** What the person did in the event, as the qualifier of the relation to them. */
const personRoles: Partial<Record<LogEventKind, string>> = {
  'item.started': 'started by',
  'item.cancelled': 'cancelled by',
  'task.claimed': 'claimed by',
  'task.released': 'released by',
  'suggestion.judged': 'judged by',
}

function ocelEvent(event: LogEvent) {
  const relationships = [{ objectId: event.instanceId, qualifier: 'item' }]
  if (event.taskId) relationships.push({ objectId: event.taskId, qualifier: 'task' })
  if (event.suggestionId) relationships.push({ objectId: event.suggestionId, qualifier: 'suggestion' })
  if (event.person)
    relationships.push({ objectId: personId(event.person), qualifier: personRoles[event.kind] ?? 'done by' })
  return {
    id: event.id,
    type: activityOf(event),
    time: iso(event.at),
    attributes: Object.entries(event.attributes).map(([name, value]) => ({ name, value: String(value) })),
    relationships,
  }
}

/** OCEL 2.0 gives every attribute value as text, with the time it took that value. */
function attributes(values: Array<[string, AttributeValue | null | undefined, number | null]>) {
  return values.flatMap(([name, value, at]) =>
    value === null || value === undefined
      ? []
      : [{ name, value: String(value), time: at === null ? epoch : iso(at) }],
  )
}

function itemObject(item: StoredItem) {
  return {
    id: item.id,
    type: 'item',
    attributes: attributes([
      ['trigger', item.trigger_id, item.started_at],
      ['version', item.version, item.started_at],
      ['status', item.status, item.ended_at ?? item.updated_at],
      ['outcome', item.outcome, item.ended_at],
    ]),
  }
}

function taskObject(task: StoredTask) {
  const relationships = [{ objectId: task.instance_id, qualifier: 'item' }]
  const assignee = personOf(task.assignee)
  const doneBy = personOf(task.completed_by)
  if (assignee) relationships.push({ objectId: personId(assignee), qualifier: 'assigned to' })
  if (doneBy) relationships.push({ objectId: personId(doneBy), qualifier: 'done by' })
  return {
    id: task.id,
    type: 'task',
    attributes: attributes([
      ['step', task.node_id, task.created_at],
      ['visit', task.visit, task.created_at],
      ['lane', task.lane, task.created_at],
      ['status', task.status, task.completed_at ?? task.created_at],
    ]),
    relationships,
  }
}

interface StoredSuggestion {
  provider?: string
  produces?: string
  field?: string
  value?: unknown
  confidence?: number
}

function suggestionObject(task: StoredTask) {
  const suggestion = JSON.parse(task.suggestion!) as StoredSuggestion
  // A draft may quote the item; a label never does (as in the audit log).
  const value = suggestion.produces === 'draft' ? undefined : suggestion.value
  return {
    id: suggestionId(task.instance_id, task.node_id, task.visit),
    type: 'suggestion',
    attributes: attributes([
      ['step', task.node_id, task.created_at],
      ['field', suggestion.field, task.created_at],
      ['provider', suggestion.provider, task.created_at],
      ['value', typeof value === 'string' ? value : undefined, task.created_at],
      ['confidence', suggestion.confidence, task.created_at],
      ['verdict', task.verdict, task.completed_at],
    ]),
    relationships: [
      { objectId: task.instance_id, qualifier: 'item' },
      { objectId: task.id, qualifier: 'reviewed in' },
    ],
  }
}

function appliedSuggestionObject(event: LogEvent) {
  return {
    id: event.suggestionId!,
    type: 'suggestion',
    attributes: attributes([
      ['step', event.nodeId, event.at],
      ['confidence', event.attributes.confidence, event.at],
      ['level', event.attributes.level, event.at],
    ]),
    relationships: [{ objectId: event.instanceId, qualifier: 'item' }],
  }
}

const objectTypes = [
  {
    name: 'item',
    attributes: [
      { name: 'trigger', type: 'string' },
      { name: 'version', type: 'integer' },
      { name: 'status', type: 'string' },
      { name: 'outcome', type: 'string' },
    ],
  },
  {
    name: 'task',
    attributes: [
      { name: 'step', type: 'string' },
      { name: 'visit', type: 'integer' },
      { name: 'lane', type: 'string' },
      { name: 'status', type: 'string' },
    ],
  },
  {
    name: 'suggestion',
    attributes: [
      { name: 'step', type: 'string' },
      { name: 'field', type: 'string' },
      { name: 'provider', type: 'string' },
      { name: 'value', type: 'string' },
      { name: 'confidence', type: 'float' },
      { name: 'level', type: 'string' },
      { name: 'verdict', type: 'string' },
    ],
  },
  { name: 'person', attributes: [] },
]
