import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'

let h: Harness
let alice: string

beforeAll(async () => {
  h = await createHarness()
  alice = await h.tokenFor('alice', 'editor')
  expect((await h.request('POST', '/api/workflows', { body: { fromExample: 'it-hr-triage' } })).status).toBe(
    201,
  )
  expect((await h.request('POST', '/api/workflows/it-hr-triage/deployments')).status).toBe(201)
})
afterAll(() => h.close())

/** Starts a request and returns its "classify" task, with the assistant's suggested category. */
async function classifyTask(): Promise<{ id: string; suggestion: { value: string } }> {
  const input = { requesterEmail: 'sam@example.test', summary: 'New laptop please', urgency: 'normal' }
  const started = await jsonOf(
    await h.request('POST', '/api/workflows/it-hr-triage/instances', {
      body: { trigger: 'request-submitted', input },
    }),
  )
  const tasks = await jsonOf(await h.request('GET', `/api/tasks?instanceId=${started.instance.id}`))
  const task = tasks.items.find((t: { nodeId: string }) => t.nodeId === 'classify-request')
  expect(task.suggestion).toMatchObject({ field: 'category' })
  return task
}

async function complete(taskId: string, category: string, verdict: string) {
  const done = await h.request('POST', `/api/tasks/${taskId}/complete`, {
    token: alice,
    body: { data: { category }, verdict },
  })
  expect(done.status).toBe(200)
  return jsonOf(done)
}

describe('verdicts on suggestions are the server’s', () => {
  it('a client’s verdict that contradicts what was done neither stands nor moves the override rate', async () => {
    const kept = await classifyTask()
    const changed = await classifyTask()
    const other = ['access', 'hardware', 'software'].find((c) => c !== changed.suggestion.value)!

    expect(await complete(kept.id, kept.suggestion.value, 'override')).toMatchObject({ verdict: 'accept' })
    expect(await complete(changed.id, other, 'accept')).toMatchObject({ verdict: 'override' })

    const metrics = await jsonOf(await h.request('GET', '/api/workflows/it-hr-triage/metrics'))
    expect(metrics.steps['classify-request'].overrideRate).toBe(0.5)

    const audit = await jsonOf(await h.request('GET', `/api/audit?action=task.completed&limit=500`))
    const forged = audit.items.find(
      (entry: { detail: { taskId: string } }) => entry.detail.taskId === changed.id,
    )
    expect(forged.detail).toMatchObject({
      verdict: 'override',
      claimedVerdict: 'accept',
      suggested: changed.suggestion.value,
      answered: other,
    })
  })
})
