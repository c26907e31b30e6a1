import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'
import { orderOverLimit } from './test-support/fixtures'

let h: Harness
let lead: string
let adjuster: string

beforeAll(async () => {
  h = await createHarness()
  lead = await h.tokenFor('lena', 'editor')
  adjuster = await h.tokenFor('adam', 'editor')
  expect((await h.request('POST', '/api/workflows', { body: { fromExample: 'order-to-cash' } })).status).toBe(
    201,
  )
  expect((await h.request('POST', '/api/workflows/order-to-cash/deployments')).status).toBe(201)
})
afterAll(() => h.close())

/** Starts an order over its credit limit: its "Review credit" task is work for the credit lane. */
async function reviewTask(): Promise<{ id: string; instanceId: string }> {
  const started = await jsonOf(
    await h.request('POST', '/api/workflows/order-to-cash/instances', { body: orderOverLimit }),
  )
  const tasks = await jsonOf(await h.request('GET', `/api/tasks?instanceId=${started.instance.id}`))
  expect(tasks.items[0]).toMatchObject({ nodeId: 'review-credit', lane: 'credit' })
  return tasks.items[0]
}

const listed = async (token: string, instanceId: string) =>
  (await jsonOf(await h.request('GET', `/api/tasks?instanceId=${instanceId}`, { token }))).items

describe('lanes are who does the work', () => {
  it('a lane with no members is open to every editor, as before', async () => {
    const task = await reviewTask()
    expect(await listed(adjuster, task.instanceId)).toHaveLength(1)
    expect((await h.request('POST', `/api/tasks/${task.id}/claim`, { token: adjuster })).status).toBe(200)
  })

  it('once the lane has members, only they see and take its work; operators act on their behalf', async () => {
    expect(
      (await h.request('POST', '/api/lanes/credit/members', { token: lead, body: { name: 'lena' } })).status,
    ).toBe(403)
    const added = await h.request('POST', '/api/lanes/credit/members', { body: { name: 'lena' } })
    expect(await jsonOf(added)).toEqual({ lane: 'credit', members: ['lena'] })

    const task = await reviewTask()
    expect(await listed(adjuster, task.instanceId)).toEqual([])
    expect(await listed(lead, task.instanceId)).toHaveLength(1)
    const refused = await h.request('POST', `/api/tasks/${task.id}/claim`, { token: adjuster })
    expect(refused.status).toBe(403)
    expect((await jsonOf(refused)).error.message).toMatch(
      /lane "Credit[^"]*", and adam is not one of its members/,
    )
    const completed = await h.request('POST', `/api/tasks/${task.id}/complete`, {
      token: adjuster,
      body: { data: { approvedLimit: 1, creditNote: 'mine now' } },
    })
    expect(completed.status).toBe(403)

    expect((await h.request('POST', `/api/tasks/${task.id}/claim`, { token: lead })).status).toBe(200)
    const onBehalf = await h.request('POST', `/api/tasks/${task.id}/release`, { token: h.tokens.operator })
    expect(onBehalf.status).toBe(200)

    const audit = await jsonOf(await h.request('GET', '/api/audit?action=lane.member-added'))
    expect(audit.items[0]).toMatchObject({ detail: { lane: 'credit', member: 'lena' } })

    const removed = await h.request('DELETE', '/api/lanes/credit/members/lena')
    expect(await jsonOf(removed)).toEqual({ lane: 'credit', members: [] })
    expect(await listed(adjuster, task.instanceId)).toHaveLength(1)
  })

  it('names what is wrong with a lane member', async () => {
    const refused = await h.request('POST', '/api/lanes/credit%20lead/members', { body: { name: 'lena' } })
    expect(refused.status).toBe(422)
    expect(await refused.text()).toMatch(/lane/)
  })
})
