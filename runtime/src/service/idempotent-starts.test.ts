import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { partitionOf } from '../cluster/partitions'
import { deliveredInstanceId, keyedInstanceId } from './instance-starts'
import { openHarness, type Harness } from './test-support/service-harness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

async function deployed() {
  harness = await openHarness()
  const { service } = harness
  await service.createWorkflow(
    b.workflow(
      [
        b.trigger('start'),
        b.trigger('hook', { start: { kind: 'webhook' } }),
        b.humanStep('review'),
        b.end('done'),
      ],
      [...b.chain('start', 'review', 'done'), b.edge('hook', 'review')],
    ),
  )
  await service.deploy('test-workflow')
  return service
}

describe('idempotent starts', () => {
  it('creates exactly one instance for 50 identical calls made at once', async () => {
    const service = await deployed()
    const request = { workflowId: 'test-workflow', input: { orderId: 'A-1' }, idempotencyKey: 'order-A-1' }
    const results = await Promise.all(Array.from({ length: 50 }, () => service.startInstance(request)))
    const ids = new Set(results.map((r) => r.instance.id))
    expect(ids.size).toBe(1)
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect((await service.listInstances({ workflowId: 'test-workflow' })).items).toHaveLength(1)
    const later = await service.startInstance(request)
    expect(later).toMatchObject({ created: false, instance: { id: [...ids][0] } })
  })

  it('refuses the same key with another payload with a typed conflict', async () => {
    const service = await deployed()
    await service.startInstance({
      workflowId: 'test-workflow',
      input: { orderId: 'A-1' },
      idempotencyKey: 'k',
    })
    await expect(
      service.startInstance({ workflowId: 'test-workflow', input: { orderId: 'B-2' }, idempotencyKey: 'k' }),
    ).rejects.toMatchObject({ code: 'conflict', reason: 'idempotency_key_reused' })
  })

  it('starts one instance per webhook delivery id, however often it is delivered', async () => {
    const service = await deployed()
    const delivery = {
      workflowId: 'test-workflow',
      triggerId: 'hook',
      deliveryId: 'msg_1',
      payload: { a: 1 },
    }
    const [first, ...repeats] = await Promise.all([1, 2, 3].map(() => service.startFromWebhook(delivery)))
    expect(first!.duplicate).toBe(false)
    for (const repeat of repeats)
      expect(repeat).toMatchObject({ duplicate: true, instance: { id: first!.instance.id } })
    expect(first!.instance.trigger).toBe('hook')
    await expect(
      service.startFromWebhook({ ...delivery, triggerId: 'start', deliveryId: 'msg_2' }),
    ).rejects.toMatchObject({ code: 'invalid' })
  })

  it('gives a keyed start and a delivered one the same instance id on every replica, one per key', async () => {
    const service = await deployed()
    const keyed = await service.startInstance({ workflowId: 'test-workflow', idempotencyKey: 'k-1' })
    const delivered = await service.startFromWebhook({
      workflowId: 'test-workflow',
      triggerId: 'hook',
      deliveryId: 'k-1',
      payload: {},
    })
    expect(keyed.instance.id).toBe(keyedInstanceId('test-workflow', 'k-1'))
    expect(delivered.instance.id).toBe(deliveredInstanceId('test-workflow', 'k-1'))
    expect(keyed.instance.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(
      new Set([keyed.instance.id, delivered.instance.id, keyedInstanceId('test-workflow', 'k-2')]).size,
    ).toBe(3)
  })

  it('starts a new instance, in the same partition, for a key used again after its workflow was deleted and made again', async () => {
    const service = await deployed()
    const request = { workflowId: 'test-workflow', idempotencyKey: 'again' }
    const first = await service.startInstance(request)
    const delivery = { workflowId: 'test-workflow', triggerId: 'hook', deliveryId: 'again', payload: {} }
    const firstDelivered = await service.startFromWebhook(delivery)
    const { document } = await service.getWorkflow('test-workflow')
    await service.deleteWorkflow('test-workflow')
    await service.createWorkflow(document)
    await service.deploy('test-workflow')

    const second = await service.startInstance(request)
    const secondDelivered = await service.startFromWebhook(delivery)
    expect(second.created).toBe(true)
    expect(secondDelivered.duplicate).toBe(false)
    expect(second.instance.id).not.toBe(first.instance.id)
    expect(secondDelivered.instance.id).not.toBe(firstDelivered.instance.id)
    expect(partitionOf(second.instance.id)).toBe(partitionOf(first.instance.id))
    expect(partitionOf(secondDelivered.instance.id)).toBe(partitionOf(firstDelivered.instance.id))
    expect(await service.startInstance(request)).toMatchObject({
      created: false,
      instance: { id: second.instance.id },
    })
    expect(service.health()).toMatchObject({ ok: true })
  })

  it('explains what is wrong with a start that cannot happen', async () => {
    const service = await deployed()
    await expect(service.startInstance({ workflowId: 'nope' })).rejects.toMatchObject({ code: 'not_found' })
    await expect(
      service.startInstance({ workflowId: 'test-workflow', trigger: 'ghost' }),
    ).rejects.toMatchObject({
      code: 'invalid',
      errors: [{ path: 'trigger' }],
    })
  })
})

describe('workflow documents', () => {
  it('refuses a stale save and starts of a deleted workflow', async () => {
    const service = await deployed()
    const record = await service.getWorkflow('test-workflow')
    const saves = await Promise.allSettled([
      service.updateWorkflow('test-workflow', record.document, { expectedRevision: record.revision }),
      service.updateWorkflow('test-workflow', record.document, { expectedRevision: record.revision }),
    ])
    expect(saves.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(saves.find((s) => s.status === 'rejected')).toMatchObject({ reason: { reason: 'stale_revision' } })
    await service.deleteWorkflow('test-workflow')
    await expect(service.startInstance({ workflowId: 'test-workflow' })).rejects.toMatchObject({
      code: 'not_found',
    })
    await expect(service.updateWorkflow('test-workflow', record.document)).rejects.toMatchObject({
      code: 'not_found',
    })
    await expect(service.createWorkflow({ ...record.document, nodes: 'none' })).rejects.toMatchObject({
      code: 'invalid',
      errors: [{ path: 'document.nodes' }],
    })
  })
})
