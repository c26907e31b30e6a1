import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'
import { orderOverLimit } from './test-support/fixtures'
import { listen } from './test-support/listen'

let h: Harness
let server: Awaited<ReturnType<typeof listen>>

beforeAll(async () => {
  h = await createHarness()
  expect((await h.request('POST', '/api/workflows', { body: { fromExample: 'order-to-cash' } })).status).toBe(
    201,
  )
  expect((await h.request('POST', '/api/workflows/order-to-cash/deployments')).status).toBe(201)
  server = await listen(h.app)
})
afterAll(async () => {
  await server.close()
  await h.close()
})

function start(key: string, body: unknown) {
  return fetch(`${server.url}/api/workflows/order-to-cash/instances`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${h.tokens.operator}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify(body),
  })
}

describe('starting instances with an Idempotency-Key over a real connection', () => {
  it('50 identical requests at once start exactly one instance', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => start('order-SO-1001', orderOverLimit)),
    )
    const bodies = await Promise.all(responses.map((response) => jsonOf(response)))
    const statuses = responses.map((response) => response.status)
    expect(statuses.filter((status) => status === 201)).toHaveLength(1)
    expect(statuses.filter((status) => status === 200)).toHaveLength(49)
    const ids = new Set(bodies.map((body) => body.instance.id))
    expect(ids.size).toBe(1)
    const listed = await jsonOf(await h.request('GET', '/api/instances?workflowId=order-to-cash'))
    expect(listed.items.map((instance: { id: string }) => instance.id)).toEqual([...ids])
  })

  it('the same key with another payload is a 422 that starts nothing', async () => {
    const other = { ...orderOverLimit, input: { ...orderOverLimit.input, amount: 99 } }
    const response = await start('order-SO-1001', other)
    expect(response.status).toBe(422)
    expect((await jsonOf(response)).error.code).toBe('idempotency_key_reused')
    const listed = await jsonOf(await h.request('GET', '/api/instances?workflowId=order-to-cash'))
    expect(listed.items).toHaveLength(1)
  })

  it('the same payload with its keys in another order is the same request', async () => {
    const first = await start('order-SO-2002', orderOverLimit)
    expect(first.status).toBe(201)
    const reordered = {
      input: Object.fromEntries(Object.entries(orderOverLimit.input).reverse()),
      trigger: orderOverLimit.trigger,
    }
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(orderOverLimit))
    const again = await start('order-SO-2002', reordered)
    expect(again.status).toBe(200)
    expect((await jsonOf(again)).instance.id).toBe((await jsonOf(first)).instance.id)
  })
})
