import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'
import { orderOverLimit } from './test-support/fixtures'
import { generateWebhookSecret, signDelivery } from './webhooks/standard-webhooks'

let h: Harness
let secret: string
const hook = '/hooks/order-to-cash/order-received'
const nowSeconds = () => Math.floor(Date.now() / 1000)

beforeAll(async () => {
  h = await createHarness()
  expect((await h.request('POST', '/api/workflows', { body: { fromExample: 'order-to-cash' } })).status).toBe(
    201,
  )
  expect((await h.request('POST', '/api/workflows/order-to-cash/deployments')).status).toBe(201)
  const made = await h.request('POST', '/api/workflows/order-to-cash/triggers/order-received/secret', {
    token: h.tokens.editor,
  })
  expect(made.status).toBe(201)
  const body = await jsonOf(made)
  expect(body.url).toMatch(/\/hooks\/order-to-cash\/order-received$/)
  secret = body.secret
  expect(secret).toMatch(/^whsec_/)
})
afterAll(() => h.close())

function deliver(options: {
  id?: string
  timestamp?: number
  body?: string
  key?: string
  headers?: Record<string, string>
}) {
  const id = options.id ?? `msg_${Math.random().toString(36).slice(2)}`
  const timestamp = options.timestamp ?? nowSeconds()
  const body = options.body ?? JSON.stringify(orderOverLimit.input)
  const headers = options.headers ?? {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signDelivery(options.key ?? secret, id, timestamp, body),
  }
  return h.request('POST', hook, {
    token: null,
    rawBody: body,
    headers: { 'content-type': 'application/json', ...headers },
  })
}

async function instanceCount(): Promise<number> {
  return (await jsonOf(await h.request('GET', '/api/instances?workflowId=order-to-cash&limit=500'))).items
    .length
}

describe('webhook deliveries (Standard Webhooks)', () => {
  it('a validly signed delivery starts an instance with the body as input', async () => {
    const response = await deliver({ id: 'msg_valid' })
    expect(response.status).toBe(202)
    const { instance } = await jsonOf(response)
    expect(instance).toMatchObject({ workflowId: 'order-to-cash', trigger: 'order-received' })
    const detail = await jsonOf(await h.request('GET', `/api/instances/${instance.id}`))
    expect(detail.data).toMatchObject({ orderId: 'SO-1001' })
  })

  it('refuses unsigned, wrongly signed, wrong-secret and stale deliveries without storing anything', async () => {
    const before = await instanceCount()
    const body = JSON.stringify(orderOverLimit.input)
    const unsigned = await deliver({ headers: {} })
    expect(unsigned.status).toBe(401)
    expect((await jsonOf(unsigned)).error.code).toBe('webhook_unsigned')

    const tampered = await deliver({
      headers: {
        'webhook-id': 'msg_tampered',
        'webhook-timestamp': String(nowSeconds()),
        'webhook-signature': signDelivery(secret, 'msg_tampered', nowSeconds(), body.replace('12500', '1')),
      },
    })
    expect(tampered.status).toBe(401)
    expect((await jsonOf(tampered)).error.code).toBe('webhook_bad_signature')

    const wrongSecret = await deliver({ key: generateWebhookSecret() })
    expect(wrongSecret.status).toBe(401)
    expect((await jsonOf(wrongSecret)).error.code).toBe('webhook_bad_signature')

    for (const offset of [-301, 301]) {
      const stale = await deliver({ timestamp: nowSeconds() + offset })
      expect(stale.status).toBe(401)
      expect((await jsonOf(stale)).error.code).toBe('webhook_stale')
    }
    expect(await instanceCount()).toBe(before)
  })

  it('refuses a replayed delivery and keeps the one instance it started', async () => {
    const timestamp = nowSeconds()
    const first = await deliver({ id: 'msg_replayed', timestamp })
    expect(first.status).toBe(202)
    const { instance } = await jsonOf(first)
    const before = await instanceCount()
    const replay = await deliver({ id: 'msg_replayed', timestamp })
    expect(replay.status).toBe(409)
    const error = (await jsonOf(replay)).error
    expect(error).toMatchObject({ code: 'webhook_replayed', details: { instanceId: instance.id } })
    expect(await instanceCount()).toBe(before)
  })

  it('a body that is not a JSON object is a 400 after the signature checks out', async () => {
    const response = await deliver({ body: '[1, 2, 3]' })
    expect(response.status).toBe(400)
  })

  it('a new secret replaces the old one', async () => {
    const old = secret
    const made = await jsonOf(
      await h.request('POST', '/api/workflows/order-to-cash/triggers/order-received/secret'),
    )
    secret = made.secret
    expect(secret).not.toBe(old)
    expect((await deliver({ key: old })).status).toBe(401)
    expect((await deliver({})).status).toBe(202)
    const audit = await jsonOf(await h.request('GET', '/api/audit?action=webhook.secret_rotated'))
    expect(audit.items.map((entry: { actor: string }) => entry.actor)).toEqual(['user:admin', 'user:editor'])
    expect(JSON.stringify(audit)).not.toContain(secret.slice(6))
  })

  it('only webhook triggers of existing workflows get secrets, and only they take deliveries', async () => {
    const manual = await h.request('POST', '/api/workflows/order-to-cash/triggers/phone-order/secret')
    expect(manual.status).toBe(422)
    const missing = await h.request('POST', '/api/workflows/order-to-cash/triggers/nope/secret')
    expect(missing.status).toBe(404)
    const noSecret = await h.request('POST', '/hooks/order-to-cash/phone-order', {
      token: null,
      rawBody: '{}',
    })
    expect(noSecret.status).toBe(404)
  })
})
