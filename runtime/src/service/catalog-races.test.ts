import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { openHarness, type Harness } from './test-support/service-harness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const document = (id: string) => ({
  ...b.workflow(
    [b.trigger('start'), b.humanStep('review'), b.end('done')],
    b.chain('start', 'review', 'done'),
  ),
  id,
})

/** The outcome of each call made at once: fulfilled, or the reason code it was refused with. */
async function outcomes(calls: Array<Promise<unknown>>): Promise<string[]> {
  const settled = await Promise.allSettled(calls)
  return settled
    .map((s) => (s.status === 'fulfilled' ? 'ok' : String((s.reason as { reason?: string }).reason)))
    .sort()
}

describe('catalog changes made at once', () => {
  it('two creates with one id: one is made, the other is told it exists', async () => {
    harness = await openHarness()
    const { service } = harness
    expect(
      await outcomes([service.createWorkflow(document('twice')), service.createWorkflow(document('twice'))]),
    ).toEqual(['ok', 'workflow_exists'])
    // Once committed, the stored row refuses a third.
    await expect(service.createWorkflow(document('twice'))).rejects.toMatchObject({
      reason: 'workflow_exists',
    })
    expect((await service.listWorkflows()).filter((w) => w.id === 'twice')).toHaveLength(1)
    expect((await service.listAudit({ action: 'workflow.created' })).items).toHaveLength(1)
  })

  it('two saves at one expected revision: one saves, the other is stale', async () => {
    harness = await openHarness()
    const { service } = harness
    const created = await service.createWorkflow(document('saved'))
    const save = () =>
      service.updateWorkflow('saved', created.document, { expectedRevision: created.revision })
    expect(await outcomes([save(), save()])).toEqual(['ok', 'stale_revision'])
    expect((await service.getWorkflow('saved')).revision).toBe(2)
  })

  it('two deploys at once get versions of their own', async () => {
    harness = await openHarness()
    const { service } = harness
    await service.createWorkflow(document('deployed'))
    const results = await Promise.all([service.deploy('deployed'), service.deploy('deployed')])
    const versions = results.map((r) => (r.ok ? r.deployment.version : 0)).sort()
    expect(versions).toEqual([1, 2])
    expect((await service.listDeployments('deployed')).map((d) => d.version)).toEqual([2, 1])
  })

  it('a request approved and rejected at once is decided once', async () => {
    harness = await openHarness()
    const { service } = harness
    await service.createWorkflow({ ...document('guarded'), deploysNeedApproval: true }, 'user:rita')
    const asked = await service.requestDeploy('guarded', 'user:rita')
    expect(asked).toMatchObject({ ok: true, request: { n: 1, state: 'pending' } })
    expect(
      await outcomes([
        service.approveDeploymentRequest('guarded', 1, 'user:ed'),
        service.rejectDeploymentRequest('guarded', 1, { by: 'user:sam' }),
      ]),
    ).toEqual(['ok', 'request_being_decided'])
    expect(await service.listDeployments('guarded')).toHaveLength(1)
    expect((await service.getDeploymentRequest('guarded', 1)).state).toBe('approved')
  })
})
