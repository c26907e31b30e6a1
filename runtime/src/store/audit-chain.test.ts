import { workflowBuilders as b } from '@conveyor/shared'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openHarness, waitForStatus, type Harness } from '../service/test-support/service-harness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('audit chain', () => {
  it('verifies a clean chain and pinpoints a row edited directly in the database', async () => {
    harness = await openHarness()
    const { service } = harness
    await service.createWorkflow(
      b.workflow([b.trigger('start'), b.step('work'), b.end('done')], b.chain('start', 'work', 'done')),
    )
    await service.deploy('test-workflow')
    const { instance } = await service.startInstance({ workflowId: 'test-workflow', by: 'user:ana' })
    await waitForStatus(service, instance.id, ['completed'])

    const clean = await service.verifyAudit()
    expect(clean.ok).toBe(true)
    expect(clean.checked).toBeGreaterThan(4)
    const entries = (await service.listAudit({ instanceId: instance.id })).items
    expect(entries.map((e) => e.action)).toContain('instance.start')
    expect(entries.find((e) => e.action === 'instance.start')?.actor).toBe('user:ana')

    const target = entries.find((e) => e.action === 'instance.start')!
    const raw = new Database(join(harness.dataDir, 'conveyor.db'))
    raw.prepare("UPDATE audit SET actor = 'user:mallory' WHERE seq = ?").run(target.seq)
    raw.close()

    const broken = await service.verifyAudit()
    expect(broken).toMatchObject({ ok: false, brokenAt: target.seq })
  })

  it('notices a deleted row', async () => {
    harness = await openHarness()
    const { service } = harness
    await service.createToken({ name: 'ci', role: 'operator' })
    await service.createToken({ name: 'ops', role: 'viewer' })
    await service.createToken({ name: 'dev', role: 'editor' })
    const raw = new Database(join(harness.dataDir, 'conveyor.db'))
    raw.prepare('DELETE FROM audit WHERE seq = 2').run()
    raw.close()
    expect(await service.verifyAudit()).toMatchObject({ ok: false, brokenAt: 3 })
  })
})
