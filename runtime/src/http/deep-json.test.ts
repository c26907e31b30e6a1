import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JsonLimitError } from '../limits/json-limits'
import { jsonOf, type Harness } from './test-support/app-harness'
import { orderOverLimit } from './test-support/fixtures'
import {
  deployOrderToCash,
  instanceDetail,
  invoicing,
  openIncidentsOf,
  prepaidOrder,
  skipInvoicing,
  until,
  type OrderToCashRun,
} from './test-support/order-to-cash-run'
import { deepJson, type StandInSystems } from './test-support/stand-in-systems'
import { signDelivery } from './webhooks/standard-webhooks'

/** 5,000 levels in 25 KB: what used to overflow the stack while the state was stored. */
const deep = deepJson(5000)
const deepValue = JSON.parse(deep) as Record<string, unknown>

let run: OrderToCashRun
let h: Harness
let standIns: StandInSystems

beforeAll(async () => {
  run = await deployOrderToCash()
  ;({ h, standIns } = run)
})
afterAll(() => run.close())

const instance = (id: string) => instanceDetail(h, id)

async function start(body: unknown = orderOverLimit) {
  const response = await h.request('POST', '/api/workflows/order-to-cash/instances', { body })
  expect(response.status).toBe(201)
  return (await jsonOf(response)).instance.id as string
}

/** The runtime still runs work after the bad request: a new order reaches its first task. */
async function expectStillRunning() {
  expect((await h.request('GET', '/healthz', { token: null })).status).toBe(200)
  const instanceId = await start()
  const tasks = await until(
    async () => (await jsonOf(await h.request('GET', `/api/tasks?instanceId=${instanceId}`))).items,
    (items) => items.length > 0,
  )
  expect(tasks[0].nodeId).toBe('review-credit')
}

async function expectTooDeep(response: Response) {
  expect(response.status).toBe(400)
  const body = await jsonOf(response)
  expect(body.error.code).toBe('too_deep')
  expect(body.error.message).toMatch(/deeper than 64 levels/)
  return body.error
}

describe('deeply nested JSON is refused at every door, and the runtime goes on', () => {
  it('as the result of a skipped incident: 400, and the incident stays open for a good result', async () => {
    standIns.refusing.add(invoicing)
    const instanceId = await start(prepaidOrder)
    const [incident] = await openIncidentsOf(h, instanceId)
    standIns.refusing.delete(invoicing)
    await expectTooDeep(
      await h.request('POST', `/api/incidents/${incident.id}/skip`, {
        rawBody: `{"result":${deep}}`,
        headers: { 'content-type': 'application/json' },
      }),
    )
    await expectStillRunning()
    await skipInvoicing(h, instanceId, incident.id)
  })

  it("as a start's input or a task's data: 400 naming the limit and where", async () => {
    const refused = await expectTooDeep(
      await h.request('POST', '/api/workflows/order-to-cash/instances', {
        rawBody: `{"trigger":"phone-order","input":{"orderId":"SO-1","nested":${deep}}}`,
        headers: { 'content-type': 'application/json' },
      }),
    )
    expect(refused.details).toMatchObject({ limit: 64, line: 1 })

    const instanceId = await start()
    const [task] = await until(
      async () => (await jsonOf(await h.request('GET', `/api/tasks?instanceId=${instanceId}`))).items,
      (items) => items.length > 0,
    )
    await expectTooDeep(
      await h.request('POST', `/api/tasks/${task.id}/complete`, {
        rawBody: `{"data":{"approved":true,"note":${deep}}}`,
        headers: { 'content-type': 'application/json' },
      }),
    )
    expect((await jsonOf(await h.request('GET', `/api/tasks/${task.id}`))).status).toBe('open')
    await expectStillRunning()
  })

  it('as a signed webhook body: 400, and the delivery id stays free for a good delivery', async () => {
    const made = await h.request('POST', '/api/workflows/order-to-cash/triggers/order-received/secret')
    const { secret } = await jsonOf(made)
    const deliver = (id: string, body: string) => {
      const timestamp = Math.floor(Date.now() / 1000)
      return h.request('POST', '/hooks/order-to-cash/order-received', {
        token: null,
        rawBody: body,
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signDelivery(secret, id, timestamp, body),
        },
      })
    }
    await expectTooDeep(await deliver('msg_deep', `{"orderId":"SO-9","nested":${deep}}`))
    const good = await deliver('msg_deep', JSON.stringify(orderOverLimit.input))
    expect(good.status).toBe(202)
  })

  it('from a connector: the attempt fails into an incident naming the limit, and cancel works', async () => {
    standIns.answeringDeep.add(invoicing)
    try {
      const instanceId = await start(prepaidOrder)
      const [incident] = await openIncidentsOf(h, instanceId)
      expect(incident).toMatchObject({ nodeId: 'create-invoice' })
      expect(incident.error).toMatch(/nests deeper than 64 levels \(the limit\)/)
      const cancelled = await h.request('POST', `/api/instances/${instanceId}/cancel`, { body: {} })
      expect(cancelled.status).toBe(200)
      expect((await instance(instanceId)).status).toBe('cancelled')
    } finally {
      standIns.answeringDeep.delete(invoicing)
    }
    await expectStillRunning()
  })

  it('past the HTTP layer too: the engine refuses the data before any state changes', async () => {
    const before = (await jsonOf(await h.request('GET', '/api/instances?workflowId=order-to-cash'))).items
      .length
    await expect(
      h.service.startInstance({
        workflowId: 'order-to-cash',
        trigger: 'phone-order',
        input: { ...orderOverLimit.input, nested: deepValue },
      }),
    ).rejects.toBeInstanceOf(JsonLimitError)
    const after = (await jsonOf(await h.request('GET', '/api/instances?workflowId=order-to-cash'))).items
    expect(after.length).toBe(before)
    await expectStillRunning()
  })
})
