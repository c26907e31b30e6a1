import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'
import { orderOverLimit } from './test-support/fixtures'

let h: Harness
let alice: string
let bob: string

beforeAll(async () => {
  h = await createHarness()
  alice = await h.tokenFor('alice', 'editor')
  bob = await h.tokenFor('bob', 'editor')
  for (const slug of ['order-to-cash', 'it-hr-triage']) {
    expect((await h.request('POST', '/api/workflows', { body: { fromExample: slug } })).status).toBe(201)
    expect((await h.request('POST', `/api/workflows/${slug}/deployments`)).status).toBe(201)
  }
})
afterAll(() => h.close())

/** Starts an order over its credit limit and returns its "Review credit" task. */
async function reviewTask(): Promise<{ id: string; instanceId: string }> {
  const started = await jsonOf(
    await h.request('POST', '/api/workflows/order-to-cash/instances', { body: orderOverLimit }),
  )
  const tasks = await jsonOf(await h.request('GET', `/api/tasks?instanceId=${started.instance.id}`))
  expect(tasks.items).toHaveLength(1)
  expect(tasks.items[0]).toMatchObject({ nodeId: 'review-credit', status: 'open' })
  return tasks.items[0]
}

describe('tasks belong to whoever claimed them', () => {
  it('an editor can neither see nor complete a task someone else claimed; an operator can', async () => {
    const task = await reviewTask()
    expect((await h.request('POST', `/api/tasks/${task.id}/claim`, { token: alice })).status).toBe(200)

    const peek = await h.request('GET', `/api/tasks/${task.id}`, { token: bob })
    expect(peek.status).toBe(403)
    const listed = await jsonOf(
      await h.request('GET', `/api/tasks?instanceId=${task.instanceId}`, { token: bob }),
    )
    expect(listed.items).toEqual([])
    const instance = await jsonOf(await h.request('GET', `/api/instances/${task.instanceId}`, { token: bob }))
    expect(instance.openTasks).toEqual([])
    const mine = await jsonOf(await h.request('GET', '/api/tasks?assignee=me', { token: alice }))
    expect(mine.items.map((t: { id: string }) => t.id)).toContain(task.id)

    const data = { approvedLimit: 15_000, creditNote: 'Long-standing customer' }
    const stolen = await h.request('POST', `/api/tasks/${task.id}/complete`, { token: bob, body: { data } })
    expect(stolen.status).toBe(403)
    expect((await jsonOf(stolen)).error.message).toMatch(/alice/)
    const grabbed = await h.request('POST', `/api/tasks/${task.id}/claim`, { token: bob })
    expect(grabbed.status).toBe(409)

    const done = await h.request('POST', `/api/tasks/${task.id}/complete`, {
      token: h.tokens.operator,
      body: { data },
    })
    expect(done.status).toBe(200)
    expect(await jsonOf(done)).toMatchObject({ status: 'completed', result: { approvedLimit: 15_000 } })
  })

  it("a page of tasks is full even when most tasks belong to others, and goes on to the person's own", async () => {
    const carol = await h.tokenFor('carol', 'editor')
    const carolsTask = await reviewTask()
    expect((await h.request('POST', `/api/tasks/${carolsTask.id}/claim`, { token: carol })).status).toBe(200)
    for (let i = 0; i < 3; i++) {
      const othersTask = await reviewTask()
      expect((await h.request('POST', `/api/tasks/${othersTask.id}/claim`, { token: bob })).status).toBe(200)
    }

    const claimed = async (token: string, cursor?: string) =>
      jsonOf(
        await h.request('GET', `/api/tasks?status=claimed&limit=1${cursor ? `&cursor=${cursor}` : ''}`, {
          token,
        }),
      )
    const first = await claimed(carol)
    expect(first.items.map((t: { id: string }) => t.id)).toEqual([carolsTask.id])
    expect(first.nextCursor ?? null).toBeNull()
    const everyone = await claimed(h.tokens.operator)
    expect(everyone.items).toHaveLength(1)
    expect(everyone.items[0].assignee).toBe('bob')
  })

  it('form data that does not fit is a 400 naming each field; completing twice is a 409', async () => {
    const task = await reviewTask()
    const wrong = await h.request('POST', `/api/tasks/${task.id}/complete`, {
      token: alice,
      body: { data: { approvedLimit: 'lots' } },
    })
    expect(wrong.status).toBe(400)
    const error = (await jsonOf(wrong)).error
    expect(error.code).toBe('invalid_form')
    expect(error.details.fields.map((f: { path: string }) => f.path)).toContain('data.approvedLimit')

    const body = { data: { approvedLimit: 20_000 } }
    expect((await h.request('POST', `/api/tasks/${task.id}/complete`, { token: alice, body })).status).toBe(
      200,
    )
    const again = await h.request('POST', `/api/tasks/${task.id}/complete`, { token: alice, body })
    expect(again.status).toBe(409)
    expect((await jsonOf(again)).error.code).toBe('task_closed')
  })

  it('a rejected task sends the step down its rejection path', async () => {
    const task = await reviewTask()
    const rejected = await h.request('POST', `/api/tasks/${task.id}/reject`, {
      token: alice,
      body: { reason: 'No history' },
    })
    expect(rejected.status).toBe(200)
    expect((await jsonOf(rejected)).status).toBe('rejected')
  })

  it("records the verdict on an assistant's suggestion", async () => {
    const input = { requesterEmail: 'sam@example.test', summary: 'New laptop please', urgency: 'normal' }
    const started = await jsonOf(
      await h.request('POST', '/api/workflows/it-hr-triage/instances', {
        body: { trigger: 'request-submitted', input },
      }),
    )
    const tasks = await jsonOf(await h.request('GET', `/api/tasks?instanceId=${started.instance.id}`))
    const classify = tasks.items.find((t: { nodeId: string }) => t.nodeId === 'classify-request')
    expect(classify.suggestion).toMatchObject({ field: 'category' })
    const other = ['access', 'hardware', 'software'].find((c) => c !== classify.suggestion.value)
    const done = await h.request('POST', `/api/tasks/${classify.id}/complete`, {
      token: alice,
      body: { data: { category: other }, verdict: 'override' },
    })
    expect(done.status).toBe(200)
    expect(await jsonOf(done)).toMatchObject({ status: 'completed', verdict: 'override' })
  })
})
