import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonOf } from './test-support/app-harness'
import { startFullServer, type FullServer } from './test-support/full-server'

let full: FullServer

beforeAll(async () => {
  full = await startFullServer()
})
afterAll(() => full.close())

describe('errors under /api are JSON, also through the server that mounts the API', () => {
  it.each([
    ['GET', '/api/docs/assets/package.json'],
    ['GET', '/api/docs/assets/%2e%2e%2fpackage.json'],
    ['POST', '/api/docs'],
    ['POST', '/api/nothing'],
    ['DELETE', '/api/workflows'],
    ['PATCH', '/api/tokens'],
    ['OPTIONS', '/api/workflows'],
    ['PUT', '/hooks/order-to-cash/order-received'],
  ])('%s %s is a JSON 404 naming the route', async (method, path) => {
    const response = await fetch(full.origin + path, {
      method,
      headers: { authorization: `Bearer ${full.adminToken}` },
    })
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await jsonOf(response)).toEqual({
      error: { code: 'not_found', message: expect.stringContaining(`${method} `) },
    })
  })
})
