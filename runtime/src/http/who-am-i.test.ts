import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'

let h: Harness
beforeAll(async () => {
  h = await createHarness()
})
afterAll(() => h.close())

describe('GET /api/me', () => {
  it('names the person the token was issued to, and their role', async () => {
    const token = await h.tokenFor('Ada Lovelace', 'editor')
    const response = await h.request('GET', '/api/me', { token })
    expect(response.status).toBe(200)
    expect(await jsonOf(response)).toEqual({ name: 'Ada Lovelace', role: 'editor' })
  })

  it('refuses a request without a token', async () => {
    expect((await h.request('GET', '/api/me', { token: null })).status).toBe(401)
  })
})
