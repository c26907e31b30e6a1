import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'

let h: Harness

beforeAll(async () => {
  h = await createHarness()
  for (const slug of ['order-to-cash', 'it-hr-triage']) {
    expect((await h.request('POST', '/api/workflows', { body: { fromExample: slug } })).status).toBe(201)
    expect((await h.request('POST', `/api/workflows/${slug}/deployments`)).status).toBe(201)
  }
})
afterAll(() => h.close())

/** Every item of a list, following `nextCursor` two at a time. */
async function walk(list: string): Promise<Array<Record<string, unknown>>> {
  const seen: Array<Record<string, unknown>> = []
  let cursor: string | undefined
  for (let pages = 0; pages < 100; pages++) {
    const page = await jsonOf(await h.request('GET', `${list}?limit=2${cursor ? `&cursor=${cursor}` : ''}`))
    seen.push(...page.items)
    if (page.nextCursor === undefined) return seen
    expect(page.nextCursor).toMatch(/^\d+$/)
    cursor = page.nextCursor
  }
  throw new Error(`${list} never ended`)
}

describe('lists page by cursor', () => {
  it('the audit log, page by page, holds every entry exactly once, newest first', async () => {
    const whole = await jsonOf(await h.request('GET', '/api/audit?limit=500'))
    expect(whole.items.length).toBeGreaterThan(3)
    const walked = await walk('/api/audit')
    expect(walked).toEqual(whole.items)
  })

  it('a cursor no page gave is refused, naming it, instead of starting again from the first page', async () => {
    const refused = await h.request('GET', '/api/audit?limit=2&cursor=undefined')
    expect(refused.status).toBe(422)
    expect(await refused.text()).toMatch(/cursor/)
  })
})
