import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'

let h: Harness

beforeAll(async () => {
  const dist = await mkdtemp(join(tmpdir(), 'conveyor-dist-'))
  await writeFile(join(dist, 'index.html'), '<!doctype html><div id="root"></div>')
  h = await createHarness({ editorDist: dist })
})
afterAll(() => h.close())

describe('signing a browser in from the printed link', () => {
  it('moves the token into a strict, HttpOnly cookie and drops it from the address', async () => {
    const response = await h.request('GET', `/inbox?tab=mine&token=${h.tokens.editor}`, { token: null })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/inbox?tab=mine')
    const cookie = response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const session = cookie.split(';')[0]!
    const workflows = await h.request('GET', '/api/workflows', { token: null, headers: { cookie: session } })
    expect(workflows.status).toBe(200)
  })

  it('refuses an unknown token without setting a cookie', async () => {
    const response = await h.request('GET', '/?token=cvt_made_up', { token: null })
    expect(response.status).toBe(401)
    expect(response.headers.get('set-cookie')).toBeNull()
  })

  it('serves the editor for its own routes, but never for unknown API paths', async () => {
    expect(await (await h.request('GET', '/workflows/abc', { token: null })).text()).toContain('id="root"')
    expect((await h.request('GET', '/api/unknown', { token: null })).status).toBe(404)
    expect((await h.request('GET', '/hooks/unknown', { token: null })).status).toBe(404)
  })

  it('sends no CORS headers', async () => {
    const response = await h.request('GET', '/api/workflows', {
      headers: { origin: 'https://elsewhere.test' },
    })
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('health and API documentation', () => {
  it('/healthz answers without a token', async () => {
    const response = await h.request('GET', '/healthz', { token: null })
    expect(response.status).toBe(200)
    // A SQLite folder's one process owns every partition.
    expect(await jsonOf(response)).toMatchObject({ ok: true, replica: { partitions: 64 } })
  })

  it('publishes an OpenAPI 3.1 document generated from the request schemas', async () => {
    const response = await h.request('GET', '/api/openapi.json', { token: null })
    expect(response.status).toBe(200)
    const document = await jsonOf(response)
    expect(document.openapi).toBe('3.1.0')
    const paths = Object.keys(document.paths)
    for (const path of [
      '/api/workflows',
      '/api/workflows/{id}/deployments',
      '/api/workflows/{id}/instances',
      '/api/tasks/{id}/complete',
      '/api/incidents/{id}/retry',
      '/api/audit/verify',
      '/hooks/{id}/{triggerId}',
      '/metrics',
    ]) {
      expect(paths).toContain(path)
    }
    const start = document.paths['/api/workflows/{id}/instances'].post
    expect(start.parameters.map((p: { name: string }) => p.name)).toContain('idempotency-key')
    expect(start.security).toEqual([{ bearer: [] }])
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
  })

  it('serves a browsable page at /api/docs', async () => {
    const response = await h.request('GET', '/api/docs', { token: null })
    expect(response.status).toBe(200)
    const page = await response.text()
    expect(page).not.toMatch(/https?:\/\//)
    const start = await h.request('GET', '/api/docs/assets/start.js', { token: null })
    expect(await start.text()).toMatch(/\/api\/openapi\.json/)
    const bundle = await h.request('GET', '/api/docs/assets/swagger-ui-bundle.js', { token: null })
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toMatch(/javascript/)
    expect((await h.request('GET', '/api/docs/assets/package.json', { token: null })).status).toBe(404)
  })
})
