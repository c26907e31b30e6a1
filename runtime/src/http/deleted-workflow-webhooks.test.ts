import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'
import { orderOverLimit } from './test-support/fixtures'
import { listen } from './test-support/listen'
import { signDelivery } from './webhooks/standard-webhooks'

let h: Harness
let server: Awaited<ReturnType<typeof listen>>

beforeAll(async () => {
  h = await createHarness()
  server = await listen(h.app)
})
afterAll(async () => {
  await server.close()
  await h.close()
})

function api(method: string, path: string) {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${h.tokens.editor}` },
  })
}

async function createAndDeployOrderToCash(): Promise<void> {
  const created = await fetch(`${server.url}/api/workflows`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.tokens.editor}`, 'content-type': 'application/json' },
    body: JSON.stringify({ fromExample: 'order-to-cash' }),
  })
  expect(created.status).toBe(201)
  expect((await jsonOf(created)).id).toBe('order-to-cash')
  expect((await api('POST', '/api/workflows/order-to-cash/deployments')).status).toBe(201)
}

async function newSecret(): Promise<string> {
  const made = await api('POST', '/api/workflows/order-to-cash/triggers/order-received/secret')
  expect(made.status).toBe(201)
  return (await jsonOf(made)).secret
}

function deliverSignedWith(secret: string, id: string) {
  const body = JSON.stringify(orderOverLimit.input)
  const timestamp = Math.floor(Date.now() / 1000)
  return fetch(`${server.url}/hooks/order-to-cash/order-received`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signDelivery(secret, id, timestamp, body),
    },
    body,
  })
}

describe('deleting a workflow retires its webhook signing secrets', () => {
  it('refuses deliveries signed for a deleted workflow to a new one made under the same id', async () => {
    await createAndDeployOrderToCash()
    const oldSecret = await newSecret()
    expect((await deliverSignedWith(oldSecret, 'msg_before_delete')).status).toBe(202)

    expect((await api('DELETE', '/api/workflows/order-to-cash')).status).toBe(204)
    await createAndDeployOrderToCash()

    // The new workflow has no signing secret until someone makes one for it.
    const unsigned = await deliverSignedWith(oldSecret, 'msg_after_recreate')
    expect(unsigned.status).toBe(404)
    expect((await jsonOf(unsigned)).error.message).toContain('with a signing secret')

    const secret = await newSecret()
    const stale = await deliverSignedWith(oldSecret, 'msg_old_secret')
    expect(stale.status).toBe(401)
    expect((await jsonOf(stale)).error.code).toBe('webhook_bad_signature')
    expect((await deliverSignedWith(secret, 'msg_new_secret')).status).toBe(202)
  })
})
