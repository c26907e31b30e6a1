import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { openHarness, type Harness } from './test-support/service-harness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('API tokens', () => {
  it('shows the secret once, stores only its hash, and stops accepting it when revoked', async () => {
    harness = await openHarness()
    const { service } = harness
    const { token, secret } = await service.createToken({ name: 'ci', role: 'operator', by: 'user:admin' })
    expect(secret).toMatch(/^cvy_/)
    expect(await service.verifyToken(secret)).toMatchObject({ id: token.id, role: 'operator' })
    expect(await service.verifyToken(`${secret}x`)).toBeNull()
    const stored = service.db.prepare('SELECT * FROM tokens').all()
    expect(JSON.stringify(stored)).not.toContain(secret)
    await service.revokeToken(token.id)
    expect(await service.verifyToken(secret)).toBeNull()
    await expect(service.revokeToken(token.id)).rejects.toMatchObject({ code: 'conflict' })
    await expect(service.createToken({ name: '', role: 'root' as never })).rejects.toMatchObject({
      code: 'invalid',
      errors: [{ path: 'name' }, { path: 'role' }],
    })
    expect((await service.listAudit({ action: 'token.created' })).items[0]).toMatchObject({
      actor: 'user:admin',
    })
  })
})

describe('schedules', () => {
  it('starts instances of deployed workflows on their cron trigger', async () => {
    harness = await openHarness()
    const { service } = harness
    await service.createWorkflow(
      b.workflow(
        [
          b.trigger('every-second', { start: { kind: 'schedule', cron: '* * * * * *' } }),
          b.step('work'),
          b.end('done'),
        ],
        b.chain('every-second', 'work', 'done'),
      ),
    )
    expect((await service.listInstances()).items).toHaveLength(0)
    await service.deploy('test-workflow')
    const deadline = Date.now() + 5_000
    while ((await service.listInstances()).items.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const [instance] = (await service.listInstances()).items
    expect(instance).toMatchObject({ trigger: 'every-second' })
    expect((await service.getInstance(instance!.id)).data).toHaveProperty('scheduledAt')
  })
})
