import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'

let h: Harness

beforeAll(async () => {
  h = await createHarness()
  const created = await h.request('POST', '/api/workflows', { body: { fromExample: 'order-to-cash' } })
  expect(created.status).toBe(201)
})
afterAll(() => h.close())

async function expectError(response: Response, status: number, code: string | RegExp, message?: RegExp) {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toMatch(/application\/json/)
  const body = await jsonOf(response)
  expect(body.error.code).toMatch(code)
  if (message) expect(body.error.message).toMatch(message)
  expect(JSON.stringify(body)).not.toMatch(/at .+\.ts:\d+/)
  return body.error
}

describe('bad input gets a JSON error that names what is wrong', () => {
  it('malformed JSON: 400', async () => {
    const response = await h.request('POST', '/api/workflows', {
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    })
    await expectError(response, 400, 'malformed_body', /JSON/)
  })

  it('wrong types: 400 naming the field', async () => {
    const error = await expectError(
      await h.request('POST', '/api/workflows/order-to-cash/instances', { body: { input: 'not an object' } }),
      400,
      'invalid_request',
      /input/,
    )
    expect(error.details.fields[0].path).toBe('input')
  })

  it('a create request that is none of blank, example or upload: 400 naming the field', async () => {
    await expectError(
      await h.request('POST', '/api/workflows', { body: { name: 42 } }),
      400,
      'invalid_request',
      /name/,
    )
    await expectError(await h.request('POST', '/api/workflows', { body: {} }), 400, 'invalid_request', /name/)
    await expectError(
      await h.request('POST', '/api/workflows', { body: { document: {}, fromExample: 'order-to-cash' } }),
      400,
      'invalid_request',
      /fromExample: leave it out/,
    )
    await expectError(
      await h.request('POST', '/api/workflows', { body: [] }),
      400,
      'invalid_request',
      /object/,
    )
  })

  it('wrong query types: 400 naming the parameter', async () => {
    await expectError(await h.request('GET', '/api/instances?limit=lots'), 400, 'invalid_request', /limit/)
    await expectError(await h.request('GET', '/api/tasks?status=finished'), 400, 'invalid_request', /status/)
  })

  it('unknown body fields: 400 naming them', async () => {
    await expectError(
      await h.request('POST', '/api/tokens', { body: { name: 'bob', role: 'viewer', isAdmin: true } }),
      400,
      'invalid_request',
      /isAdmin/,
    )
  })

  it('oversized bodies: 413, 1 MiB in general and 5 MiB for documents', async () => {
    const twoMiB = 'x'.repeat(2 * 1024 * 1024)
    await expectError(
      await h.request('POST', '/api/tokens', { body: { name: 'bob', role: 'viewer', pad: twoMiB } }),
      413,
      'body_too_large',
      /1 MiB/,
    )
    const sixMiB = 'x'.repeat(6 * 1024 * 1024)
    await expectError(
      await h.request('POST', '/api/workflows', { body: { name: 'Big', description: sixMiB } }),
      413,
      'body_too_large',
      /5 MiB/,
    )
  })

  it('bodies that are not JSON: 415', async () => {
    const response = await h.request('POST', '/api/tokens', {
      rawBody: 'name=bob',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    await expectError(response, 415, 'unsupported_media_type', /JSON/)
  })

  it('unknown ids: 404 naming the id', async () => {
    await expectError(await h.request('GET', '/api/workflows/no-such-flow'), 404, 'not_found', /no-such-flow/)
    await expectError(await h.request('GET', '/api/instances/nope'), 404, 'not_found', /nope/)
    await expectError(await h.request('GET', '/api/workflows/order-to-cash/deployments/99'), 404, 'not_found')
    await expectError(
      await h.request('POST', '/api/tasks/nope/complete', { body: {} }),
      404,
      'not_found',
      /nope/,
    )
    await expectError(await h.request('POST', '/api/incidents/nope/retry'), 404, 'not_found', /nope/)
    await expectError(
      await h.request('POST', '/api/workflows', { body: { fromExample: 'nope' } }),
      404,
      'not_found',
      /nope/,
    )
  })

  it('unknown routes: 404 in JSON', async () => {
    await expectError(await h.request('GET', '/api/nothing-here'), 404, 'not_found', /\/api\/nothing-here/)
    await expectError(await h.request('DELETE', '/api/examples'), 404, 'not_found')
  })

  it('invalid documents: 422 with paths, and nothing stored', async () => {
    const document = {
      schemaVersion: 1,
      id: 'broken',
      name: '',
      nodes: [{ id: 'n1', type: 'teleport' }],
      edges: [],
    }
    const error = await expectError(
      await h.request('POST', '/api/workflows', { body: { document } }),
      422,
      'invalid',
    )
    expect(error.details.fields.map((field: { path: string }) => field.path).join(' ')).toMatch(/name|nodes/)
    await expectError(await h.request('GET', '/api/workflows/broken'), 404, 'not_found')
  })

  it('documents that do not compile: 422 with the validator diagnostics', async () => {
    const trigger = { label: 'Start', start: { kind: 'manual' } }
    const nodes = [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: trigger }]
    const document = { schemaVersion: 1, id: 'dead-end', name: 'Dead end', nodes, edges: [] }
    const created = await h.request('POST', '/api/workflows', { body: { document } })
    expect(created.status).toBe(201)
    const { id } = await jsonOf(created)
    const error = await expectError(
      await h.request('POST', `/api/workflows/${id}/deployments`),
      422,
      'invalid_workflow',
    )
    expect(error.details.diagnostics.length).toBeGreaterThan(0)
    expect(error.details.diagnostics[0]).toMatchObject({ severity: 'error', nodeId: 'start' })
    expect(await jsonOf(await h.request('GET', `/api/workflows/${id}/deployments`))).toEqual({ items: [] })
  })

  it('no token or an unknown one: 401', async () => {
    await expectError(await h.request('GET', '/api/workflows', { token: null }), 401, 'unauthenticated')
    await expectError(
      await h.request('GET', '/api/workflows', { token: 'cvt_made_up' }),
      401,
      'unauthenticated',
      /unknown/,
    )
    await expectError(
      await h.request('GET', '/api/workflows', { token: null, headers: { authorization: 'Basic abc' } }),
      401,
      'unauthenticated',
      /Bearer/,
    )
  })

  it('a role that does not allow it: 403 naming the role needed', async () => {
    await expectError(
      await h.request('POST', '/api/workflows', { token: h.tokens.viewer, body: { name: 'Nope' } }),
      403,
      'forbidden',
      /editor/,
    )
  })

  it('a revoked token stops working at once', async () => {
    const secret = await h.tokenFor('leaver', 'editor')
    expect((await h.request('GET', '/api/workflows', { token: secret })).status).toBe(200)
    const { items } = await jsonOf(await h.request('GET', '/api/tokens'))
    const token = items.find((t: { name: string }) => t.name === 'leaver')
    expect((await h.request('DELETE', `/api/tokens/${token.id}`)).status).toBe(200)
    await expectError(await h.request('GET', '/api/workflows', { token: secret }), 401, 'unauthenticated')
  })

  it('junk sent to any route that takes a body never gets a 500', async () => {
    const routes: Array<[string, string]> = [
      ['POST', '/api/workflows'],
      ['PUT', '/api/workflows/order-to-cash'],
      ['POST', '/api/workflows/order-to-cash/instances'],
      ['POST', '/api/instances/nope/cancel'],
      ['POST', '/api/tasks/nope/complete'],
      ['POST', '/api/tasks/nope/reject'],
      ['POST', '/api/incidents/nope/skip'],
      ['POST', '/api/tokens'],
      ['POST', '/hooks/order-to-cash/order-received'],
    ]
    const nested = '['.repeat(5000) + ']'.repeat(5000)
    const junk = [
      'null',
      '[]',
      '"text"',
      '42',
      '{"a":',
      '{}',
      nested,
      '{"document": {"nodes": "many"}}',
      '\u0000',
    ]
    for (const [method, path] of routes) {
      for (const rawBody of junk) {
        const response = await h.request(method, path, {
          rawBody,
          headers: { 'content-type': 'application/json' },
        })
        expect(response.status, `${method} ${path} ${rawBody.slice(0, 20)}`).toBeLessThan(500)
        expect(response.status, `${method} ${path} ${rawBody.slice(0, 20)}`).toBeGreaterThanOrEqual(400)
      }
    }
    const { items } = await jsonOf(await h.request('GET', '/api/workflows'))
    expect(items.map((workflow: { id: string }) => workflow.id)).not.toContain('broken')
  })
})
