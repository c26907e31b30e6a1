import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import {
  openHarness,
  waitForStatus,
  waitForTask,
  type Harness,
} from '../service/test-support/service-harness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

async function deployed(document: unknown) {
  harness = await openHarness()
  const { service } = harness
  await service.createWorkflow(document)
  const result = await service.deploy((document as { id: string }).id)
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics))
  return service
}

describe('engine', () => {
  it('runs automated steps in order and saves their results into the instance data', async () => {
    const service = await deployed(
      b.workflow(
        [
          b.trigger('start'),
          b.step('double', {
            automate: { connector: { kind: 'transform', expression: '{ "doubled": amount * 2 }' } },
          }),
          b.step('label', { automate: { connector: { kind: 'transform', expression: '"n=" & doubled' } } }),
          b.end('done'),
        ],
        b.chain('start', 'double', 'label', 'done'),
      ),
    )
    const { instance } = await service.startInstance({ workflowId: 'test-workflow', input: { amount: 21 } })
    const finished = await waitForStatus(service, instance.id, ['completed'])
    expect(finished.data).toEqual({ amount: 21, doubled: 42, label: 'n=42' })
    expect(finished.outcome).toBe('completed')
    const types = finished.history.map((h) => `${h.type}${h.nodeId ? ':' + h.nodeId : ''}`)
    expect(types).toContain('entered:double')
    expect(types).toContain('STEP_DONE:label')
    expect(types.at(-1)).toBe('finished')
  })

  it('takes decision branches and waits for people at human steps', async () => {
    const service = await deployed(
      b.workflow(
        [
          b.trigger('start'),
          b.decision('route', ['manual', 'auto']),
          b.humanStep('review', {
            human: { form: { fields: [{ id: 'ok', label: 'OK', type: 'boolean', required: true }] } },
          }),
          b.end('reviewed'),
          b.end('skipped'),
        ],
        [
          b.edge('start', 'route'),
          b.edge('route', 'review', 'manual'),
          b.edge('route', 'skipped', 'auto'),
          b.edge('review', 'reviewed'),
        ],
      ),
    )
    const auto = await service.startInstance({ workflowId: 'test-workflow', input: { choice: 'auto' } })
    expect((await waitForStatus(service, auto.instance.id, ['completed'])).activeNodes).toEqual(['skipped'])
    const manual = await service.startInstance({ workflowId: 'test-workflow', input: { choice: 'manual' } })
    const task = await waitForTask(service, manual.instance.id, 'review')
    expect(task.lane).toBe('operations')
    await expect(service.completeTask(task.id, { data: { ok: 'yes' } })).rejects.toMatchObject({
      code: 'invalid',
      errors: [{ path: 'data.ok', field: 'ok' }],
    })
    await service.completeTask(task.id, { data: { ok: true }, by: 'user:ana' })
    await expect(service.completeTask(task.id, { data: { ok: true } })).rejects.toMatchObject({
      code: 'conflict',
      reason: 'task_closed',
    })
    const done = await waitForStatus(service, manual.instance.id, ['completed'])
    expect(done.data).toMatchObject({ choice: 'manual', ok: true })
  })

  it('lets instances that wait for people leave memory, and brings them back when their task is done', async () => {
    const service = await deployed(
      b.workflow(
        [b.trigger('start'), b.humanStep('first'), b.humanStep('second'), b.step('wrap-up'), b.end('done')],
        b.chain('start', 'first', 'second', 'wrap-up', 'done'),
      ),
    )
    const { instance } = await service.startInstance({ workflowId: 'test-workflow', input: { n: 1 } })
    const first = await waitForTask(service, instance.id, 'first')
    await service.engine.committed()
    expect(service.engine.live(instance.id)).toBeUndefined()
    await service.completeTask(first.id, { data: {} })
    const second = await waitForTask(service, instance.id, 'second')
    await service.engine.committed()
    expect(service.engine.live(instance.id)).toBeUndefined()
    await service.completeTask(second.id, { data: {} })
    const done = await waitForStatus(service, instance.id, ['completed'])
    expect(done.data).toMatchObject({ n: 1, done: true })
    expect(done.history.filter((h) => h.type === 'task.completed')).toHaveLength(2)
  })
})
