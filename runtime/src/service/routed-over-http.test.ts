import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { deployWorkflow, startReplicas, type Replicas } from '../cluster/testing/replicas'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'

const review = b.workflow(
  [
    b.trigger('start'),
    b.humanStep('review', {
      human: { form: { fields: [{ id: 'ok', label: 'OK', type: 'boolean', required: true }] } },
    }),
    b.end('done'),
  ],
  b.chain('start', 'review', 'done'),
  { id: 'review' },
)

let replicas: Replicas | undefined
afterEach(async () => {
  await replicas?.stopAll()
  replicas = undefined
})

/** Starts an instance through replica `i` and returns its id. */
async function startThrough(on: Replicas, i: number): Promise<string> {
  const started = await on.call(i, 'POST', `/api/workflows/${review.id}/instances`, { input: {} })
  expect(started.status, JSON.stringify(started.body)).toBe(201)
  return started.body.instance.id as string
}

/** The instance's open task, read through replica `i` once it is there. */
async function taskThrough(on: Replicas, i: number, instanceId: string): Promise<string> {
  let taskId: string | undefined
  await expect
    .poll(
      async () => {
        const tasks = await on.call(i, 'GET', `/api/tasks?instanceId=${instanceId}`)
        taskId = tasks.body.items?.find((task: { status: string }) => task.status === 'open')?.id
        return taskId
      },
      { timeout: 20_000 },
    )
    .toBeDefined()
  return taskId!
}

describe('three conveyor serve processes on one PostgreSQL database', () => {
  it('take any request: started through one, a task completed through another, an instance cancelled through the third, and start once for one idempotency key sent to all three at once', async () => {
    replicas = await startReplicas({
      store: { databaseUrl: await freshPostgresDatabase() },
      count: 3,
      leaseMs: 3_000,
    })
    await deployWorkflow(replicas, review)

    const completed = await startThrough(replicas, 0)
    const cancelled = await startThrough(replicas, 0)
    const taskId = await taskThrough(replicas, 1, completed)
    const done = await replicas.call(1, 'POST', `/api/tasks/${taskId}/complete`, { data: { ok: true } })
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    expect(done.body).toMatchObject({ status: 'completed' })
    const again = await replicas.call(2, 'POST', `/api/tasks/${taskId}/complete`, { data: { ok: false } })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({ code: 'task_closed' })
    await taskThrough(replicas, 2, cancelled)
    const cancel = await replicas.call(2, 'POST', `/api/instances/${cancelled}/cancel`, {
      reason: 'not needed',
    })
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200)
    expect(cancel.body).toMatchObject({ id: cancelled, status: 'cancelled' })

    await expect
      .poll(async () => (await replicas!.call(2, 'GET', `/api/instances/${completed}`)).body.status, {
        timeout: 20_000,
      })
      .toBe('completed')

    // The same idempotency key sent to all three at once starts one instance.
    const on = replicas
    const answers = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const response = await fetch(`${on.origin(i)}/api/workflows/${review.id}/instances`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${on.adminToken}`,
            'content-type': 'application/json',
            'idempotency-key': 'order-7',
          },
          body: JSON.stringify({ input: {} }),
        })
        return {
          status: response.status,
          id: ((await response.json()) as { instance: { id: string } }).instance.id,
        }
      }),
    )

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 201])
    expect(new Set(answers.map((answer) => answer.id)).size).toBe(1)
    // Beside the two started before.
    const listed = await on.call(0, 'GET', `/api/instances?workflowId=${review.id}`)
    expect(listed.body.items).toHaveLength(3)
  }, 120_000)
})
