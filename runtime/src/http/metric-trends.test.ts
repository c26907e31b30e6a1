import { workflowBuilders as b } from '@conveyor/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitForStatus, waitForTask } from '../service/test-support/service-harness'
import { callApi, callApiForJson } from './test-support/api-calls'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'
import { listen } from './test-support/listen'

const minute = 60_000
const hour = 60 * minute
const trendsPath = '/api/workflows/test-workflow/metrics/trends'

/** Classified by a person (who may override the assistant) at a cost of 10 dollars, or filed by itself. */
const intake = b.workflow(
  [
    b.trigger('by-hand'),
    b.trigger('by-itself'),
    b.step('classify', {
      mode: 'augment',
      lane: 'operations',
      sla: { within: '1h' },
      facts: { handlingTimeMinutes: 5, costPerItem: 10 },
      augment: {
        assistant: {
          produces: 'classification',
          instructions: 'Which team handles this request?',
          labels: ['billing', 'technical'],
          field: 'team',
          sees: ['subject'],
        },
        form: {
          fields: [
            { id: 'team', label: 'Team', type: 'select', options: ['billing', 'technical'], required: true },
          ],
        },
      },
    }),
    b.step('file'),
    b.end('done'),
  ],
  [...b.chain('by-hand', 'classify', 'done'), ...b.chain('by-itself', 'file', 'done')],
  { currency: 'USD' },
)

let clock = 0
let h: Harness
let server: Awaited<ReturnType<typeof listen>>
const at = (iso: string) => (clock = Date.parse(iso))

async function start(trigger: string) {
  const { instance } = await h.service.startInstance({
    workflowId: 'test-workflow',
    trigger,
    input: { subject: 'invoice charged twice' },
  })
  return instance.id
}

/** Completes the item's classification, keeping the assistant's suggestion or overriding it. */
async function classify(instanceId: string, verdict: 'accept' | 'override') {
  const task = await waitForTask(h.service, instanceId, 'classify')
  const suggested = String(task.suggestion?.value)
  const team = verdict === 'accept' ? suggested : ['billing', 'technical'].find((t) => t !== suggested)!
  await h.service.completeTask(task.id, { data: { team } })
  await waitForStatus(h.service, instanceId, ['completed'])
}

function get(path: string, headers: Record<string, string> = {}, token = h.tokens.viewer) {
  return fetch(server.url + path, { headers: { authorization: `Bearer ${token}`, ...headers } })
}

beforeAll(async () => {
  h = await createHarness({ now: () => clock })
  server = await listen(h.app)
  at('2026-03-02T09:00:00Z') // a Monday
  await h.service.createWorkflow(intake)
  await h.service.deploy('test-workflow')

  // Monday: one item classified two hours late (its SLA breached), one filed by itself at once.
  const late = await start('by-hand')
  await waitForStatus(h.service, await start('by-itself'), ['completed'])
  at('2026-03-02T11:00:00Z')
  await h.service.engine.timers.tick()
  await h.service.engine.committed()
  await classify(late, 'accept')

  // Wednesday: one overridden in half an hour.
  at('2026-03-04T10:00:00Z')
  const overridden = await start('by-hand')
  at('2026-03-04T10:30:00Z')
  await classify(overridden, 'override')

  // Sunday night to Monday morning: counted on the day (and in the week) it ended.
  at('2026-03-08T23:00:00Z')
  const overnight = await start('by-hand')
  at('2026-03-09T01:00:00Z')
  await classify(overnight, 'accept')

  // Still open: not an ended item.
  await waitForTask(h.service, await start('by-hand'), 'classify')
  at('2026-03-09T12:00:00Z')
})
afterAll(async () => {
  await server?.close()
  await h?.close()
})

const empty = {
  items: 0,
  leadTimeP50Ms: null,
  leadTimeP90Ms: null,
  touchlessRate: null,
  overrideRate: null,
  slaBreaches: 0,
  costPerItem: null,
}

describe('trends of a workflow, per day and week', () => {
  it('groups items by the UTC day they ended in, empty days included', async () => {
    const response = await get(`${trendsPath}?bucket=day&from=2026-03-02T00:00:00Z&to=2026-03-10T00:00:00Z`)
    expect(response.status).toBe(200)
    const trends = await jsonOf(response)
    expect(trends).toMatchObject({
      workflowId: 'test-workflow',
      bucket: 'day',
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-10T00:00:00.000Z',
      currency: 'USD',
    })
    const day = (date: string) => `2026-03-${date}T00:00:00.000Z`
    expect(trends.rows).toEqual([
      {
        start: day('02'),
        items: 2,
        leadTimeP50Ms: 0,
        leadTimeP90Ms: 2 * hour,
        touchlessRate: 0.5,
        overrideRate: 0,
        slaBreaches: 1,
        costPerItem: 5,
      },
      { start: day('03'), ...empty },
      {
        start: day('04'),
        items: 1,
        leadTimeP50Ms: 30 * minute,
        leadTimeP90Ms: 30 * minute,
        touchlessRate: 0,
        overrideRate: 1,
        slaBreaches: 0,
        costPerItem: 10,
      },
      ...['05', '06', '07', '08'].map((date) => ({ start: day(date), ...empty })),
      {
        start: day('09'),
        items: 1,
        leadTimeP50Ms: 2 * hour,
        leadTimeP90Ms: 2 * hour,
        touchlessRate: 0,
        overrideRate: 0,
        slaBreaches: 0,
        costPerItem: 10,
      },
    ])
  })

  it('groups them by ISO week (from Monday), widening the range to whole weeks', async () => {
    const response = await get(`${trendsPath}?bucket=week&from=2026-03-04T12:00:00Z&to=2026-03-09T06:00:00Z`)
    const trends = await jsonOf(response)
    expect(trends).toMatchObject({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' })
    expect(trends.rows).toEqual([
      {
        start: '2026-03-02T00:00:00.000Z',
        items: 3,
        leadTimeP50Ms: 30 * minute,
        leadTimeP90Ms: 2 * hour,
        touchlessRate: 1 / 3,
        overrideRate: 0.5,
        slaBreaches: 1,
        costPerItem: 20 / 3,
      },
      {
        start: '2026-03-09T00:00:00.000Z',
        items: 1,
        leadTimeP50Ms: 2 * hour,
        leadTimeP90Ms: 2 * hour,
        touchlessRate: 0,
        overrideRate: 0,
        slaBreaches: 0,
        costPerItem: 10,
      },
    ])
  })

  it('reaches back 30 days, or 12 weeks, to the bucket holding now when no range is given', async () => {
    const days = await jsonOf(await get(trendsPath))
    expect(days).toMatchObject({
      bucket: 'day',
      from: '2026-02-08T00:00:00.000Z',
      to: '2026-03-10T00:00:00.000Z',
    })
    expect(days.rows).toHaveLength(30)
    expect(days.rows.reduce((sum: number, row: { items: number }) => sum + row.items, 0)).toBe(4)
    const weeks = await jsonOf(await get(`${trendsPath}?bucket=week`))
    expect(weeks.rows).toHaveLength(12)
    expect(weeks.rows.at(-1)).toMatchObject({ start: '2026-03-09T00:00:00.000Z', items: 1 })
  })

  it('answers the same rows as CSV, for ?format=csv and for Accept: text/csv', async () => {
    const query = 'bucket=week&from=2026-03-02T00:00:00Z&to=2026-03-16T00:00:00Z'
    const asked = await get(`${trendsPath}?${query}&format=csv`)
    expect(asked.status).toBe(200)
    expect(asked.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(asked.headers.get('content-disposition')).toBe(
      'attachment; filename="test-workflow-trends-by-week.csv"',
    )
    const csv = await asked.text()
    expect(csv.split('\r\n')).toEqual([
      'start,items,leadTimeP50Ms,leadTimeP90Ms,touchlessRate,overrideRate,slaBreaches,costPerItem,currency',
      `2026-03-02T00:00:00.000Z,3,1800000,7200000,${1 / 3},0.5,1,${20 / 3},USD`,
      '2026-03-09T00:00:00.000Z,1,7200000,7200000,0,0,0,10,USD',
      '',
    ])
    const accepted = await get(`${trendsPath}?${query}`, { accept: 'text/csv' })
    expect(await accepted.text()).toBe(csv)
    const empty = await get(
      `${trendsPath}?bucket=week&from=2026-01-05T00:00:00Z&to=2026-01-12T00:00:00Z&format=csv`,
    )
    expect((await empty.text()).split('\r\n')[1]).toBe('2026-01-05T00:00:00.000Z,0,,,,,0,,USD')
  })

  it('refuses a bad parameter with a 422 naming it', async () => {
    const refusals: Array<[string, string, RegExp]> = [
      ['bucket=month', 'bucket', /"bucket" must be "day" or "week"/],
      ['from=yesterday', 'from', /"from" must be a date and time/],
      ['to=2026-13-45', 'to', /"to" must be a date and time/],
      ['from=2026-03-09T00:00:00Z&to=2026-03-02T00:00:00Z', 'from', /"from" must be before "to"/],
      ['from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from', /covers 2192 days; at most 366/],
      ['format=xlsx', 'format', /"format" must be "json" or "csv"/],
    ]
    for (const [query, parameter, message] of refusals) {
      const { status, body } = await callApiForJson(
        server.url,
        h.tokens.viewer,
        'GET',
        `${trendsPath}?${query}`,
      )
      expect({ query, status }).toEqual({ query, status: 422 })
      expect(body.error.message).toMatch(message)
      expect(body.error.details.fields).toEqual([expect.objectContaining({ path: parameter })])
    }
    const yearsOfWeeks = await get(
      `${trendsPath}?bucket=week&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    )
    expect(yearsOfWeeks.status).toBe(200)
  })

  it('is read with the same roles as the metrics', async () => {
    expect((await callApi(server.url, null, 'GET', trendsPath)).status).toBe(401)
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      expect((await get(trendsPath, {}, h.tokens[role])).status).toBe(200)
    }
    expect((await get('/api/workflows/no-such-workflow/metrics/trends')).status).toBe(404)
  })

  it('is described in the OpenAPI document', async () => {
    const spec = await jsonOf(await fetch(`${server.url}/api/openapi.json`))
    const operation = spec.paths['/api/workflows/{id}/metrics/trends'].get
    expect(Object.keys(operation.responses[200].content)).toEqual(['application/json', 'text/csv'])
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['id', 'bucket', 'from', 'to', 'format']),
    )
  })
})
