import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import type { TaskActor } from './types'
import { openHarness, waitForTask, type Harness } from './test-support/service-harness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const alice: TaskActor = { name: 'alice', actor: 'user:alice', mayActForOthers: false }
const bob: TaskActor = { name: 'bob', actor: 'user:bob', mayActForOthers: false }
const operator: TaskActor = { name: 'olga', actor: 'user:olga', mayActForOthers: true }

async function openTask() {
  harness = await openHarness()
  const { service } = harness
  await service.createWorkflow(
    b.workflow(
      [
        b.trigger('start'),
        b.humanStep('review', {
          human: { form: { fields: [{ id: 'ok', label: 'OK', type: 'boolean', required: true }] } },
        }),
        b.end('done'),
      ],
      b.chain('start', 'review', 'done'),
    ),
  )
  const deployed = await service.deploy('test-workflow')
  if (!deployed.ok) throw new Error(JSON.stringify(deployed.diagnostics))
  const { instance } = await service.startInstance({ workflowId: 'test-workflow' })
  return { service, task: await waitForTask(service, instance.id, 'review') }
}

describe('who may act on a task, checked by the service', () => {
  it('refuses someone else’s task to a person who may not act for others, and lets an operator act', async () => {
    const { service, task } = await openTask()
    await service.claimTask(task.id, alice)

    await expect(service.completeTask(task.id, { data: { ok: true } }, bob)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/claimed by alice/),
    })
    await expect(service.releaseTask(task.id, bob)).rejects.toMatchObject({ code: 'forbidden' })
    expect(await service.getTask(task.id)).toMatchObject({ status: 'claimed', assignee: 'alice' })

    const done = await service.completeTask(task.id, { data: { ok: true } }, operator)
    expect(done).toMatchObject({ status: 'completed', completedBy: 'user:olga' })
  })

  it('lets nobody slip in between a claim and its check: a completion racing a claim does not win', async () => {
    const { service, task } = await openTask()
    const [claim, completion] = await Promise.allSettled([
      service.claimTask(task.id, alice),
      service.completeTask(task.id, { data: { ok: true } }, bob),
    ])
    expect(claim.status).toBe('fulfilled')
    expect(completion.status).toBe('rejected')
    expect(await service.getTask(task.id)).toMatchObject({ status: 'claimed', assignee: 'alice' })
  })

  it('lets the holder release their task back to the lane', async () => {
    const { service, task } = await openTask()
    await service.claimTask(task.id, alice)
    const released = await service.releaseTask(task.id, alice)
    expect(released.status).toBe('open')
    expect(released.assignee).toBeUndefined()
  })
})
