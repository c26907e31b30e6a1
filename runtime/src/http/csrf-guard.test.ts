import { editorRequestHeader } from '@conveyor/shared/protocol/editor-request'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonOf } from './test-support/app-harness'
import { orderOverLimit } from './test-support/fixtures'
import { startFullServer, type FullServer } from './test-support/full-server'

let full: FullServer
/** Another port of the same host: the same site, so a SameSite=Strict cookie goes along. */
let elsewhere: string

beforeAll(async () => {
  full = await startFullServer()
  elsewhere = `http://127.0.0.1:${full.server.port === 65_535 ? 65_534 : full.server.port + 1}`
  expect((await asAdmin('POST', '/api/workflows', { fromExample: 'order-to-cash' })).status).toBe(201)
  expect((await asAdmin('POST', '/api/workflows/order-to-cash/deployments')).status).toBe(201)
})
afterAll(() => full.close())

function asAdmin(method: string, path: string, body?: unknown) {
  return fetch(full.origin + path, {
    method,
    headers: {
      authorization: `Bearer ${full.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

/** What a browser signed in by cookie sends: the cookie, and whatever headers the page's request has. */
function fromBrowser(method: string, path: string, headers: Record<string, string> = {}) {
  return fetch(full.origin + path, {
    method,
    headers: { cookie: `conveyor_session=${full.adminToken}`, ...headers },
  })
}

async function startInstance(): Promise<string> {
  const started = await asAdmin('POST', '/api/workflows/order-to-cash/instances', orderOverLimit)
  expect(started.status).toBe(201)
  return (await jsonOf(started)).instance.id
}

async function statusOf(instanceId: string): Promise<string> {
  return (await jsonOf(await asAdmin('GET', `/api/instances/${instanceId}`))).status
}

describe('cross-site request forgery', () => {
  it('refuses a bodiless cookie POST from a page on another port, and the instance keeps running', async () => {
    const instanceId = await startInstance()
    const before = await statusOf(instanceId)
    expect(before).not.toBe('cancelled')
    const response = await fromBrowser('POST', `/api/instances/${instanceId}/cancel`, { origin: elsewhere })
    expect(response.status).toBe(403)
    const { error } = await jsonOf(response)
    expect(error.code).toBe('forbidden_origin')
    expect(error.message).toContain(elsewhere)
    expect(error.message).toContain(full.origin)
    expect(await statusOf(instanceId)).toBe(before)
  })

  it.each<[string, () => Record<string, string>]>([
    ['no Origin', () => ({})],
    ['Origin: null', () => ({ origin: 'null' })],
    [
      'the same host and port over another scheme',
      () => ({ origin: full.origin.replace('http:', 'https:') }),
    ],
  ])('refuses a cookie request with %s and no editor header', async (_, headers) => {
    const response = await fromBrowser('DELETE', '/api/workflows/order-to-cash', headers())
    expect(response.status).toBe(403)
    expect((await jsonOf(response)).error.code).toBe('forbidden_origin')
    expect((await asAdmin('GET', '/api/workflows/order-to-cash')).status).toBe(200)
  })

  it("accepts the runtime's own pages: their Origin, or the editor's header", async () => {
    const first = await startInstance()
    const sameOrigin = await fromBrowser('POST', `/api/instances/${first}/cancel`, { origin: full.origin })
    expect(sameOrigin.status).toBe(200)
    expect(await statusOf(first)).toBe('cancelled')

    const second = await startInstance()
    const editor = await fromBrowser('POST', `/api/instances/${second}/cancel`, {
      [editorRequestHeader]: 'editor',
    })
    expect(editor.status).toBe(200)
    expect(await statusOf(second)).toBe('cancelled')
  })

  it('judges the scheme by X-Forwarded-Proto behind a proxy that ends TLS', async () => {
    const instanceId = await startInstance()
    const https = full.origin.replace('http:', 'https:')
    const plain = await fromBrowser('POST', `/api/instances/${instanceId}/cancel`, {
      origin: full.origin,
      'x-forwarded-proto': 'https',
    })
    expect(plain.status).toBe(403)
    const secure = await fromBrowser('POST', `/api/instances/${instanceId}/cancel`, {
      origin: https,
      'x-forwarded-proto': 'https',
    })
    expect(secure.status).toBe(200)
  })

  it('leaves bearer-token requests and reads alone', async () => {
    const instanceId = await startInstance()
    const bearer = await asAdmin('POST', `/api/instances/${instanceId}/cancel`)
    expect(bearer.status).toBe(200)
    const read = await fromBrowser('GET', '/api/workflows', { origin: elsewhere })
    expect(read.status).toBe(200)
  })
})
