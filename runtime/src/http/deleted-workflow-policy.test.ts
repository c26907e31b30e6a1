import { workflowBuilders as b } from '@conveyor/shared'
import type { AuditEntry } from '@conveyor/shared/protocol/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, callApiForJson } from './test-support/api-calls'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'
import { openTaskOf } from './test-support/open-task'
import { listen } from './test-support/listen'

let h: Harness
let server: Awaited<ReturnType<typeof listen>>

beforeAll(async () => {
  h = await createHarness()
  server = await listen(h.app)
})
afterAll(async () => {
  await server.close()
  await h.close()
})

const call = (method: string, path: string, body?: unknown, token = h.tokens.admin) =>
  callApiForJson(server.url, token, method, path, body)

const labels = ['billing', 'technical']
/** Tickets an assistant sorts, with the support desk taking over when it is switched off. */
const triage = b.workflow(
  [
    b.trigger('start'),
    b.step('classify', {
      mode: 'augment',
      lane: 'support',
      augment: {
        assistant: {
          produces: 'classification',
          instructions: 'Which team?',
          labels,
          field: 'team',
          sees: ['subject'],
        },
        form: { fields: [{ id: 'team', label: 'Team', type: 'select', options: labels, required: true }] },
      },
      fallback: { lane: 'support' },
    }),
    b.end('done'),
  ],
  b.chain('start', 'classify', 'done'),
  { id: 'triage', lanes: [{ id: 'support', name: 'Support desk' }], deploysNeedApproval: false },
)

async function createAndDeploy(document: unknown, id: string): Promise<void> {
  expect((await call('POST', '/api/workflows', { document })).status).toBe(201)
  expect((await call('POST', `/api/workflows/${id}/deployments`)).status).toBe(201)
}

const taskOf = (instanceId: string) => openTaskOf(call, instanceId)

async function startWithKey(key: string) {
  const response = await fetch(`${server.url}/api/workflows/triage/instances`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${h.tokens.admin}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify({ input: { subject: 'refund please' } }),
  })
  const body = await jsonOf(response)
  return { status: response.status, body, instanceId: body.instance?.id as string }
}

const remove = async (id: string) =>
  expect((await callApi(server.url, h.tokens.admin, 'DELETE', `/api/workflows/${id}`)).status).toBe(204)

const fallbackPath = '/api/workflows/triage/steps/classify/fallback'
const autonomyPath = '/api/workflows/triage/steps/classify/autonomy'

/** The step's switch and autonomy as the API shows them, without the figures measured on runs. */
async function policyOfClassify() {
  const fallback = (await call('GET', fallbackPath)).body
  const { level, threshold, source, setAt, setBy, proposal } = (await call('GET', autonomyPath)).body
  return { fallback, autonomy: { level, threshold, source, setAt, setBy, proposal } }
}

describe('deleting a workflow removes its runtime policy and pending work', () => {
  it('leaves a workflow made later under the same id with its document’s defaults', async () => {
    await createAndDeploy({ ...triage, currency: 'USD' }, 'triage')
    const defaults = await policyOfClassify()
    // A person's verdict teaches the assistant and counts towards the step's accuracy.
    const first = await startWithKey('ticket-1')
    expect(first.status).toBe(201)
    const task = await taskOf(first.instanceId)
    expect(task.suggestion?.explanation).toMatch(/^No decisions to learn from yet/)
    const completed = await call('POST', `/api/tasks/${task.id}/complete`, { data: { team: 'billing' } })
    expect(completed.status).toBe(200)
    const switched = await call('POST', fallbackPath, { manual: true, reason: 'assistant outage' })
    expect(switched.body).toMatchObject({ manual: true })
    const raised = await call('POST', autonomyPath, { level: 'automate', threshold: 0.6 })
    expect(raised.body).toMatchObject({ level: 'automate', threshold: 0.6, source: 'policy' })

    await remove('triage')
    expect((await call('POST', '/api/workflows', { document: triage })).status).toBe(201)

    // Until it is deployed, the new workflow has no deployment: the deleted one's are not its own.
    expect((await call('GET', '/api/workflows/triage')).body.latestDeployment).toBeUndefined()
    const undeployed = await startWithKey('ticket-2')
    expect(undeployed.status).toBe(422)
    expect(undeployed.body.error.message).toContain('has no deployment yet')
    expect((await call('GET', fallbackPath)).status).toBe(404)
    // Its figures are in its own currency, not the deleted workflow's.
    expect((await call('GET', '/api/workflows/triage/metrics/trends')).body.currency).toBe('EUR')
    // Its first deploy is numbered after the deleted workflow's, whose instances keep theirs.
    const deployed = await call('POST', '/api/workflows/triage/deployments')
    expect(deployed.body.deployment).toMatchObject({ id: 'triage@2', version: 2 })
    // The deleted workflow's deployment is still listed, for its instances, and says it is retired.
    const listed = (await call('GET', '/api/workflows/triage/deployments')).body.items
    expect(listed.map((d: { id: string; retiredAt?: string }) => [d.id, d.retiredAt !== undefined])).toEqual([
      ['triage@2', false],
      ['triage@1', true],
    ])

    expect(await policyOfClassify()).toEqual(defaults)
    expect(defaults).toMatchObject({
      fallback: { manual: false, by: null, failuresInARow: 0 },
      autonomy: { level: 'suggest', source: 'document', setBy: null },
    })
    // The key answered for the deleted workflow's instance; here it starts a new one.
    const again = await startWithKey('ticket-1')
    expect(again.status).toBe(201)
    expect(again.instanceId).not.toBe(first.instanceId)
    // What the assistant learnt went too.
    expect((await taskOf(again.instanceId)).suggestion?.explanation).toMatch(
      /^No decisions to learn from yet/,
    )
  })

  it('says in the audit log what went and what was kept, and the audit chain still verifies', async () => {
    const items = (await call('GET', '/api/audit?workflowId=triage&action=workflow.deleted')).body
      .items as AuditEntry[]
    expect(items).toHaveLength(1)
    expect(items[0]!.detail).toEqual({
      removed: {
        stepSwitches: 1,
        autonomyLevels: 1,
        autonomyReviews: 1,
        classifierModels: 1,
        idempotencyKeys: 1,
      },
      kept: expect.stringContaining('the event log'),
    })
    // The deleted workflow's instance is evidence: it stays.
    const instances = (await call('GET', '/api/instances?workflowId=triage')).body.items as unknown[]
    expect(instances).toHaveLength(2)
    expect((await call('GET', '/api/audit/verify')).body).toMatchObject({ ok: true })
  })

  it('drops a deploy waiting for approval, so approving it cannot deploy the old document', async () => {
    const claims = b.workflow(
      [b.trigger('received'), b.httpStep('pay', 'https://payouts.example.com/pay'), b.end('done')],
      b.chain('received', 'pay', 'done'),
      { id: 'claims', name: 'Claims' },
    )
    const rita = await h.tokenFor('rita', 'editor')
    expect((await call('POST', '/api/workflows', { document: claims })).status).toBe(201)
    expect((await call('POST', '/api/workflows/claims/deployments', undefined, rita)).status).toBe(202)

    await remove('claims')
    expect((await call('POST', '/api/workflows', { document: claims })).status).toBe(201)

    expect((await call('GET', '/api/workflows/claims/deployment-requests')).body.items).toEqual([])
    expect((await call('POST', '/api/workflows/claims/deployment-requests/1/approve')).status).toBe(404)
    const [deleted] = (await call('GET', '/api/audit?workflowId=claims&action=workflow.deleted')).body
      .items as AuditEntry[]
    expect(deleted!.detail).toMatchObject({ removed: { pendingDeployRequests: 1 } })
  })
})
