import { workflowBuilders as b } from '@conveyor/shared'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, callApiForJson } from '../http/test-support/api-calls'
import { createHarness, type Harness } from '../http/test-support/app-harness'
import { listen } from '../http/test-support/listen'
import { waitForStatus, waitForTask } from '../service/test-support/service-harness'
// The published OCEL 2.0 JSON schema (https://www.ocel-standard.org/2.0/ocel20-schema-json.json), vendored.
import ocelSchema from './ocel20-schema-json.json' with { type: 'json' }

const hour = 3_600_000
const teams = ['billing', 'technical']
const reviewLabel = 'Review & approve <claim>'
const workflowName = 'Claims <R&D> "north"'
const claims = b.workflow(
  [
    b.trigger('claim-in'),
    b.step('classify', {
      label: 'Classify claim',
      mode: 'augment',
      lane: 'operations',
      augment: {
        assistant: {
          produces: 'classification',
          instructions: 'Which team?',
          labels: teams,
          field: 'team',
          sees: ['subject'],
        },
        form: { fields: [{ id: 'team', label: 'Team', type: 'select', options: teams, required: true }] },
      },
      fallback: { lane: 'operations' },
    }),
    b.humanStep('review', { label: reviewLabel, sla: { within: '1h' } }),
    b.exception('review-rejected', 'review', 'rejection'),
    b.exception('review-overdue', 'review', 'timeout'),
    b.end('approved'),
    b.end('declined', 'rejected'),
    b.end('expired', 'failed'),
  ],
  [
    ...b.chain('claim-in', 'classify', 'review', 'approved'),
    b.edge('review-rejected', 'declined'),
    b.edge('review-overdue', 'expired'),
  ],
  { id: 'claims', name: workflowName },
)

let h: Harness
let origin: string
let closeServer: () => Promise<void>
let offset = 0
let alice: string
let bob: string
const items: Record<'approved' | 'declined' | 'cancelled' | 'breached', string> = {
  approved: '',
  declined: '',
  cancelled: '',
  breached: '',
}
let startedAt = 0

const get = (path: string, token = h.tokens.admin) => callApi(origin, token, 'GET', path)
const post = async (path: string, body: unknown, token = h.tokens.admin) => {
  const { status, body: answer } = await callApiForJson(origin, token, 'POST', path, body)
  expect(status, JSON.stringify(answer)).toBeLessThan(300)
  return answer
}

/** Starts a claim and has Alice classify it, taking the assistant's suggestion or overriding it. */
async function classified(verdict: 'accept' | 'override'): Promise<string> {
  const { instance } = await post('/api/workflows/claims/instances', {
    input: { subject: 'refund <now> & "soon"' },
  })
  const task = await waitForTask(h.service, instance.id, 'classify')
  const suggested = String(task.suggestion?.value)
  const team = verdict === 'accept' ? suggested : teams.find((t) => t !== suggested)!
  expect(await post(`/api/tasks/${task.id}/complete`, { data: { team } }, alice)).toMatchObject({ verdict })
  return instance.id
}

beforeAll(async () => {
  h = await createHarness({ now: () => Date.now() + offset })
  const server = await listen(h.app)
  origin = server.url
  closeServer = server.close
  alice = await h.tokenFor('alice', 'editor')
  bob = await h.tokenFor('bob', 'editor')
  await post('/api/workflows', { document: claims })
  await post('/api/workflows/claims/deployments', {})
  startedAt = Date.now()

  items.approved = await classified('accept')
  const approve = await waitForTask(h.service, items.approved, 'review')
  await post(`/api/tasks/${approve.id}/claim`, {}, bob)
  await post(`/api/tasks/${approve.id}/complete`, { data: {} }, bob)

  items.declined = await classified('override')
  const decline = await waitForTask(h.service, items.declined, 'review')
  await post(`/api/tasks/${decline.id}/reject`, { reason: 'No receipt <attached>' }, bob)

  items.cancelled = await classified('accept')
  await waitForTask(h.service, items.cancelled, 'review')
  await post(`/api/instances/${items.cancelled}/cancel`, { reason: 'Sent twice' })

  items.breached = await classified('accept')
  await waitForTask(h.service, items.breached, 'review')
  offset = 2 * hour
  await h.service.engine.timers.tick()
  await waitForStatus(h.service, items.breached, ['failed'])
})
afterAll(async () => {
  await closeServer()
  await h.close()
})

interface Ocel {
  objectTypes: Array<{ name: string; attributes: Array<{ name: string }> }>
  eventTypes: Array<{ name: string; attributes: Array<{ name: string }> }>
  objects: Array<{ id: string; type: string; relationships?: Array<{ objectId: string; qualifier: string }> }>
  events: Array<{
    id: string
    type: string
    time: string
    attributes: Array<{ name: string; value: string }>
    relationships: Array<{ objectId: string; qualifier: string }>
  }>
}

/** Reads an OCEL 2.0 log as an outside tool would: valid against the published schema, every reference resolved. */
function readOcel(text: string): Ocel {
  const log = JSON.parse(text) as Ocel
  const ajv = new Ajv({ allErrors: true })
  addFormats.default(ajv)
  const valid = ajv.validate(ocelSchema, log)
  expect(ajv.errors ?? [], 'OCEL 2.0 schema').toEqual([])
  expect(valid).toBe(true)
  const objects = new Set(log.objects.map((o) => o.id))
  const objectTypes = new Set(log.objectTypes.map((t) => t.name))
  const eventTypes = new Map(log.eventTypes.map((t) => [t.name, new Set(t.attributes.map((a) => a.name))]))
  expect(objects.size, 'object ids are unique').toBe(log.objects.length)
  expect(new Set(log.events.map((e) => e.id)).size, 'event ids are unique').toBe(log.events.length)
  for (const object of log.objects) {
    expect(objectTypes.has(object.type), object.type).toBe(true)
    for (const r of object.relationships ?? []) expect(objects.has(r.objectId), r.objectId).toBe(true)
  }
  for (const event of log.events) {
    const declared = eventTypes.get(event.type)
    expect(declared, event.type).toBeDefined()
    for (const a of event.attributes) expect(declared!.has(a.name), `${event.type}.${a.name}`).toBe(true)
    for (const r of event.relationships)
      expect(objects.has(r.objectId), `${event.type} → ${r.objectId}`).toBe(true)
  }
  return log
}

const countBy = <T>(values: T[], key: (value: T) => string) => {
  const counts: Record<string, number> = {}
  for (const value of values) counts[key(value)] = (counts[key(value)] ?? 0) + 1
  return counts
}

/** One claim approved, one declined, one cancelled and one overdue, as the test drove them. */
const expectedEvents: Record<string, number> = {
  'Item started': 4,
  'Classify claim started': 4,
  'Task created': 8,
  'Task completed': 5,
  'Suggestion accepted': 3,
  'Suggestion overridden': 1,
  'Classify claim completed': 4,
  [`${reviewLabel} started`]: 4,
  'Task claimed': 1,
  [`${reviewLabel} completed`]: 1,
  approved: 1,
  'Task rejected': 1,
  [`${reviewLabel} rejected`]: 1,
  'review-rejected': 1,
  declined: 1,
  'Item cancelled': 1,
  [`${reviewLabel} SLA breached`]: 1,
  [`${reviewLabel} timed out`]: 1,
  'review-overdue': 1,
  expired: 1,
  'Item ended': 4,
}

describe('the event log for process mining', () => {
  it('downloads as OCEL 2.0 JSON that the published schema accepts, with every item, task, suggestion and person', async () => {
    const response = await get('/api/workflows/claims/event-log?format=ocel')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="claims-event-log.jsonocel"',
    )
    const log = readOcel(await response.text())

    expect(countBy(log.objects, (o) => o.type)).toEqual({ item: 4, task: 8, suggestion: 4, person: 3 })
    expect(log.objects.filter((o) => o.type === 'person').map((o) => o.id)).toEqual(
      expect.arrayContaining(['person:admin', 'person:alice', 'person:bob']),
    )
    expect(countBy(log.events, (e) => e.type)).toEqual(expectedEvents)

    const byType = (type: string) => log.events.filter((e) => e.type === type)
    const [approved] = byType(`${reviewLabel} completed`)
    expect(approved!.relationships).toEqual([
      { objectId: items.approved, qualifier: 'item' },
      { objectId: 'person:bob', qualifier: 'done by' },
    ])
    const [cancel] = byType('Item cancelled')
    expect(cancel!.relationships).toContainEqual({ objectId: 'person:admin', qualifier: 'cancelled by' })
    expect(cancel!.attributes).toContainEqual({ name: 'reason', value: 'Sent twice' })
    const [overridden] = byType('Suggestion overridden')
    const suggestion = overridden!.relationships.find((r) => r.qualifier === 'suggestion')!
    expect(log.objects.find((o) => o.id === suggestion.objectId)!.relationships).toContainEqual({
      objectId: items.declined,
      qualifier: 'item',
    })
    const outcomes = byType('Item ended').map((e) => e.attributes.find((a) => a.name === 'outcome')!.value)
    expect(outcomes.sort()).toEqual(['cancelled', 'completed', 'failed', 'rejected'])
  })

  it('downloads as XES with one trace per item, people as resources and every text escaped', async () => {
    const response = await get('/api/workflows/claims/event-log?format=xes')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="claims-event-log.xes"')
    const text = await response.text()
    expect(XMLValidator.validate(text)).toBe(true)
    const xes = readXes(text)

    expect(xes.name).toBe(workflowName)
    expect(Object.keys(xes.traces).sort()).toEqual(Object.values(items).sort())
    // XES has no event of its own for a task's completion: its person is the step's end's resource.
    const ocelTotal = Object.values(expectedEvents).reduce((sum, n) => sum + n, 0)
    const total = Object.values(xes.traces).reduce((sum, events) => sum + events.length, 0)
    expect(total).toBe(ocelTotal - expectedEvents['Task completed']! - expectedEvents['Task rejected']!)

    const approved = xes.traces[items.approved]!
    expect(approved.filter((e) => e['concept:name'] === reviewLabel)).toEqual([
      expect.objectContaining({ 'lifecycle:transition': 'start' }),
      expect.objectContaining({ 'lifecycle:transition': 'schedule' }),
      expect.objectContaining({ 'lifecycle:transition': 'assign', 'org:resource': 'bob' }),
      expect.objectContaining({ 'lifecycle:transition': 'complete', 'org:resource': 'bob' }),
    ])
    const declined = xes.traces[items.declined]!
    expect(declined.find((e) => e['lifecycle:transition'] === 'ate_abort')).toMatchObject({
      'concept:name': reviewLabel,
      'org:resource': 'bob',
      reason: 'No receipt <attached>',
    })
    const times = approved.map((e) => Date.parse(e['time:timestamp']!))
    expect(times).toEqual([...times].sort((x, y) => x - y))
  })

  it('keeps to the time window asked for, in both formats', async () => {
    const from = new Date(startedAt + hour).toISOString()
    const log = readOcel(await (await get(`/api/workflows/claims/event-log?format=ocel&from=${from}`)).text())
    expect(countBy(log.events, (e) => e.type)).toEqual({
      [`${reviewLabel} SLA breached`]: 1,
      [`${reviewLabel} timed out`]: 1,
      'review-overdue': 1,
      expired: 1,
      'Item ended': 1,
    })
    expect(log.events.every((e) => e.time >= from)).toBe(true)
    expect(countBy(log.objects, (o) => o.type)).toEqual({ item: 1, task: 1 })

    const to = new Date(startedAt + hour).toISOString()
    const earlier = readXes(await (await get(`/api/workflows/claims/event-log?format=xes&to=${to}`)).text())
    expect(Object.keys(earlier.traces)).toHaveLength(4)
    expect(earlier.traces[items.breached]!.some((e) => e['time:timestamp']! >= to)).toBe(false)
    expect(earlier.traces[items.breached]!.some((e) => e['lifecycle:transition'] === 'ate_abort')).toBe(false)
  })

  it('refuses a format or a time it does not know with a 422 naming it, and asks for a reader role', async () => {
    const unknown = await callApiForJson(
      origin,
      h.tokens.admin,
      'GET',
      '/api/workflows/claims/event-log?format=csv',
    )
    expect(unknown.status).toBe(422)
    expect(unknown.body.error.message).toContain('ocel, xes')
    expect(unknown.body.error.details.fields).toEqual([
      { path: 'format', message: 'must be one of: ocel, xes' },
    ])
    const missing = await callApiForJson(origin, h.tokens.admin, 'GET', '/api/workflows/claims/event-log')
    expect(missing.status).toBe(422)

    const badFrom = await callApiForJson(
      origin,
      h.tokens.admin,
      'GET',
      '/api/workflows/claims/event-log?format=xes&from=yesterday',
    )
    expect(badFrom.status).toBe(422)
    expect(badFrom.body.error.details.fields[0].path).toBe('from')
    const backwards = await callApiForJson(
      origin,
      h.tokens.admin,
      'GET',
      '/api/workflows/claims/event-log?format=xes&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    )
    expect(backwards.status).toBe(422)
    expect(backwards.body.error.details.fields[0].path).toBe('to')

    expect((await get('/api/workflows/nothing-here/event-log?format=ocel')).status).toBe(404)
    expect((await get('/api/workflows/claims/event-log?format=ocel', h.tokens.viewer)).status).toBe(200)
    expect((await callApi(origin, null, 'GET', '/api/workflows/claims/event-log?format=ocel')).status).toBe(
      401,
    )
  })
})

type XesEvent = Record<string, string>

/** Reads XES with a general XML parser: the log's name, and each trace's events by its concept:name. */
function readXes(text: string): { name: string; traces: Record<string, XesEvent[]> } {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['trace', 'event', 'string', 'date', 'int', 'float', 'boolean'].includes(name),
  })
  const { log } = parser.parse(text) as { log: Record<string, unknown> }
  const attributes = (node: Record<string, unknown>): XesEvent => {
    const out: XesEvent = {}
    for (const tag of ['string', 'date', 'int', 'float', 'boolean']) {
      for (const a of (node[tag] as Array<{ key: string; value: string }> | undefined) ?? [])
        out[a.key] = a.value
    }
    return out
  }
  const traces: Record<string, XesEvent[]> = {}
  for (const trace of (log.trace as Array<Record<string, unknown>> | undefined) ?? []) {
    const events = ((trace.event as Array<Record<string, unknown>> | undefined) ?? []).map(attributes)
    traces[attributes(trace)['concept:name']!] = events
  }
  return { name: attributes(log)['concept:name']!, traces }
}
