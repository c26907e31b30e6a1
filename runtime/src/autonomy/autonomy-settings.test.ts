import { workflowBuilders as b, type StepAutonomy } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import {
  openHarness,
  waitForStatus,
  waitForTask,
  type Harness,
} from '../service/test-support/service-harness'
import { isSampled } from './autonomy-routing'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

/** A classifier that has learnt nothing yet: it suggests "billing" at a confidence of 0.5. */
async function deployed(autonomy: StepAutonomy) {
  harness = await openHarness()
  const { service } = harness
  await service.createWorkflow(
    b.workflow(
      [
        b.trigger('start'),
        b.step('classify', {
          mode: 'augment',
          lane: 'operations',
          augment: {
            assistant: {
              produces: 'classification',
              instructions: 'Which team?',
              labels: ['billing', 'technical'],
              field: 'team',
              sees: ['subject'],
            },
            form: { fields: [{ id: 'team', label: 'Team', type: 'text', required: true }] },
            autonomy,
          },
        }),
        b.end('done'),
      ],
      b.chain('start', 'classify', 'done'),
      {
        lanes: [
          { id: 'operations', name: 'Operations' },
          { id: 'experts', name: 'Experts' },
        ],
      },
    ),
  )
  await service.deploy('test-workflow')
  return service
}

async function start(service: Harness['service']) {
  const { instance } = await service.startInstance({
    workflowId: 'test-workflow',
    input: { subject: 'hello' },
  })
  return instance.id
}

describe('suggestions below the threshold', () => {
  it('go to the named lane, prefilled', async () => {
    const service = await deployed({ threshold: 0.8, belowThreshold: { lane: 'experts' } })
    const task = await waitForTask(service, await start(service), 'classify')
    expect(task).toMatchObject({ lane: 'experts', laneName: 'Experts', prefill: { team: 'billing' } })
    expect(task.suggestion?.confidence).toBe(0.5)
  })

  it('make a blank task when the step says so, and are not counted as reviews', async () => {
    const service = await deployed({ threshold: 0.8, belowThreshold: 'no-prefill' })
    const task = await waitForTask(service, await start(service), 'classify')
    expect(task).toMatchObject({ lane: 'operations', prefill: {} })
    expect(task.suggestion).toBeUndefined()
    await service.completeTask(task.id, { data: { team: 'billing' } })
    expect((await service.getStepAutonomy('test-workflow', 'classify')).figures.reviewed).toBe(0)
  })
})

describe('promotion proposals', () => {
  it('once declined, wait for a full window of new reviews; setting another level supersedes one', async () => {
    const service = await deployed({
      promotion: { accuracy: 0.75, minReviewed: 4 },
      demotion: { accuracy: 0.5, overrides: 3, ofSampled: 5 },
    })
    const accept = async () => {
      const task = await waitForTask(service, await start(service), 'classify')
      await service.completeTask(task.id, { data: { team: 'billing' } })
    }
    const proposal = async () => (await service.getStepAutonomy('test-workflow', 'classify')).proposal
    for (let n = 0; n < 4; n++) await accept()
    await service.engine.committed()
    expect(await proposal()).toMatchObject({ level: 'auto-apply', figures: { reviewed: 4, accuracy: 1 } })

    const declined = await service.declineAutonomyProposal('test-workflow', 'classify', 'user:olga')
    expect(declined).toMatchObject({ level: 'suggest', proposal: null })
    await expect(service.declineAutonomyProposal('test-workflow', 'classify')).rejects.toMatchObject({
      reason: 'no_proposal',
    })
    for (let n = 0; n < 3; n++) await accept()
    await service.engine.committed()
    expect(await proposal()).toBeNull()
    await accept()
    await service.engine.committed()
    const second = await proposal()
    expect(second).toMatchObject({ level: 'auto-apply' })

    const changed = await service.setStepAutonomy(
      'test-workflow',
      'classify',
      { level: 'automate' },
      'user:olga',
    )
    expect(changed).toMatchObject({ level: 'automate', threshold: 0.9, proposal: null, setBy: 'user:olga' })
    const audit = async (action: string) =>
      (await service.listAudit({ workflowId: 'test-workflow', action })).items
    expect(await audit('autonomy.declined')).toMatchObject([{ actor: 'user:olga', nodeId: 'classify' }])
    expect(await audit('autonomy.changed')).toMatchObject([
      { actor: 'user:olga', detail: { proposalId: second!.id, proposal: 'superseded' } },
    ])

    // At "automate" even an unsure suggestion is applied, unless its visit is sampled.
    const instanceId = await start(service)
    if (isSampled(`${instanceId}:classify:1`, 0.1)) await waitForTask(service, instanceId, 'classify')
    else
      expect((await waitForStatus(service, instanceId, ['completed'])).data).toMatchObject({
        team: 'billing',
      })
  })
})
