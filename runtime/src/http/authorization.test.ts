import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { roles, type Role } from '../auth/roles'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'
import { orderOverLimit } from './test-support/fixtures'

let h: Harness
let instanceId: string
let taskId: string

beforeAll(async () => {
  h = await createHarness()
  for (const body of [{ fromExample: 'order-to-cash' }, { name: 'Scratch' }, { name: 'To delete' }]) {
    expect((await h.request('POST', '/api/workflows', { body })).status).toBe(201)
  }
  expect((await h.request('POST', '/api/workflows/order-to-cash/deployments')).status).toBe(201)
  const started = await jsonOf(
    await h.request('POST', '/api/workflows/order-to-cash/instances', { body: orderOverLimit }),
  )
  instanceId = started.instance.id
  const tasks = await jsonOf(await h.request('GET', `/api/tasks?instanceId=${instanceId}`))
  taskId = tasks.items[0].id
})
afterAll(() => h.close())

interface RouteCase {
  method: string
  /** `{instance}` and `{task}` stand for the fixture's instance and task. */
  path: string
  body?: () => unknown
  /** The lowest role allowed. */
  role: Role
}

const scratchDocument = { schemaVersion: 1, id: 'scratch', name: 'Scratch, renamed', nodes: [], edges: [] }

/** Every route of the API with the lowest role that may call it. */
const routes: RouteCase[] = [
  { method: 'GET', path: '/api/workflows', role: 'viewer' },
  { method: 'GET', path: '/api/workflows/order-to-cash', role: 'viewer' },
  { method: 'GET', path: '/api/examples', role: 'viewer' },
  { method: 'GET', path: '/api/workflows/order-to-cash/deployments', role: 'viewer' },
  { method: 'GET', path: '/api/workflows/order-to-cash/deployments/1', role: 'viewer' },
  { method: 'GET', path: '/api/instances', role: 'viewer' },
  { method: 'GET', path: '/api/instances/{instance}', role: 'viewer' },
  { method: 'GET', path: '/api/tasks', role: 'viewer' },
  { method: 'GET', path: '/api/tasks/{task}', role: 'viewer' },
  { method: 'GET', path: '/api/incidents', role: 'viewer' },
  { method: 'GET', path: '/api/workflows/order-to-cash/metrics', role: 'viewer' },
  { method: 'GET', path: '/api/workflows/order-to-cash/steps/credit-check/history', role: 'viewer' },
  { method: 'GET', path: '/metrics', role: 'viewer' },
  { method: 'POST', path: '/api/workflows', body: () => ({ name: 'Matrix' }), role: 'editor' },
  {
    method: 'PUT',
    path: '/api/workflows/scratch',
    body: () => ({ document: scratchDocument }),
    role: 'editor',
  },
  { method: 'DELETE', path: '/api/workflows/to-delete', role: 'editor' },
  { method: 'POST', path: '/api/workflows/order-to-cash/deployments', role: 'editor' },
  { method: 'POST', path: '/api/workflows/order-to-cash/triggers/order-received/secret', role: 'editor' },
  {
    method: 'POST',
    path: '/api/workflows/order-to-cash/instances',
    body: () => orderOverLimit,
    role: 'editor',
  },
  { method: 'POST', path: '/api/tasks/{task}/claim', role: 'editor' },
  { method: 'POST', path: '/api/tasks/{task}/release', role: 'editor' },
  { method: 'POST', path: '/api/tasks/{task}/complete', body: () => ({ data: {} }), role: 'editor' },
  { method: 'POST', path: '/api/tasks/{task}/reject', role: 'editor' },
  { method: 'POST', path: '/api/instances/{instance}/cancel', role: 'operator' },
  { method: 'GET', path: '/api/incidents/none', role: 'viewer' },
  { method: 'POST', path: '/api/incidents/none/retry', role: 'operator' },
  { method: 'POST', path: '/api/incidents/none/skip', role: 'operator' },
  { method: 'POST', path: '/api/incidents/none/cancel', role: 'operator' },
  { method: 'GET', path: '/api/audit', role: 'operator' },
  { method: 'GET', path: '/api/audit/verify', role: 'operator' },
  { method: 'GET', path: '/api/tokens', role: 'admin' },
  { method: 'POST', path: '/api/tokens', body: () => ({ name: 'matrix', role: 'viewer' }), role: 'admin' },
  { method: 'DELETE', path: '/api/tokens/none', role: 'admin' },
  { method: 'GET', path: '/api/secrets', role: 'viewer' },
  {
    method: 'POST',
    path: '/api/secrets',
    body: () => ({ name: 'MATRIX', value: 'matrix-value' }),
    role: 'operator',
  },
  { method: 'PUT', path: '/api/secrets/MATRIX', body: () => ({ value: 'matrix-value' }), role: 'operator' },
  { method: 'DELETE', path: '/api/secrets/NONE', role: 'operator' },
]

const rank = (role: Role) => roles.indexOf(role)
const resolve = (path: string) => path.replace('{instance}', instanceId).replace('{task}', taskId)

describe('authorization: each role against each route', () => {
  // Lower roles go first, so a refused call never depends on what an allowed one changed.
  const cases = roles.flatMap((role) => routes.map((route) => ({ role, route })))

  it.each(cases)('$role: $route.method $route.path', async ({ role, route }) => {
    const response = await h.request(route.method, resolve(route.path), {
      token: h.tokens[role],
      body: route.body?.(),
    })
    const allowed = rank(role) >= rank(route.role)
    if (allowed) {
      expect([401, 403], `${role} ${route.method} ${resolve(route.path)}`).not.toContain(response.status)
      expect(response.status).toBeLessThan(500)
    } else {
      expect(response.status, `${role} ${route.method} ${resolve(route.path)}`).toBe(403)
      expect((await jsonOf(response)).error.code).toBe('forbidden')
    }
  })

  it('every route refuses a request without a token', async () => {
    for (const route of routes) {
      const response = await h.request(route.method, resolve(route.path), {
        token: null,
        body: route.body?.(),
      })
      expect(response.status, `${route.method} ${resolve(route.path)}`).toBe(401)
    }
  })
})
