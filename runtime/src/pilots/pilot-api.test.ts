import { workflowBuilders as b } from '@conveyor/shared'
import type { AuditEntry } from '@conveyor/shared/protocol/api'
import type { PilotView } from '@conveyor/shared/protocol/pilots'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createHarness, jsonOf, type Harness } from '../http/test-support/app-harness'

let h: Harness

/** Orders checked by a person: nothing outside is called, so its deploys need no approval. */
const orders = (id: string) =>
  b.workflow(
    [
      b.trigger('received', {
        input: { fields: [{ id: 'amount', label: 'Amount', type: 'number', required: true }] },
      }),
      b.humanStep('check'),
      b.end('done'),
    ],
    b.chain('received', 'check', 'done'),
    { id, name: id },
  )

const errorRateAtMost = (max: number) => [{ metric: 'errorRate', max }]

async function call(method: string, path: string, body?: unknown, token = h.tokens.admin) {
  const response = await h.request(method, path, { token, body })
  return { status: response.status, body: await jsonOf(response) }
}

async function create(id: string) {
  expect((await call('POST', '/api/workflows', { document: orders(id) })).status).toBe(201)
  expect((await call('POST', `/api/workflows/${id}/deployments`)).status).toBe(201)
}

const deployPilot = (id: string, pilot: unknown, token = h.tokens.editor) =>
  call('POST', `/api/workflows/${id}/deployments`, { pilot }, token)

const pilots = async (id: string) =>
  (await call('GET', `/api/workflows/${id}/pilots`)).body.pilots as PilotView[]

async function versionOfStart(id: string, amount: number): Promise<number> {
  const started = await call('POST', `/api/workflows/${id}/instances`, { input: { amount } })
  expect(started.status).toBe(201)
  return started.body.instance.version
}

const audit = async (id: string, action: string) =>
  (await call('GET', `/api/audit?workflowId=${id}&action=${action}`)).body.items as AuditEntry[]

beforeAll(async () => {
  h = await createHarness()
})
afterAll(() => h.close())

describe('asking for a pilot', () => {
  it('refuses a pilot that does not fit with 422 naming the field', async () => {
    await create('bad-pilots')
    const refused = async (pilot: unknown, path: string) => {
      const answer = await deployPilot('bad-pilots', pilot)
      expect(answer.status).toBe(422)
      expect(answer.body.error.details.fields.map((f: { path: string }) => f.path)).toContain(path)
      expect(answer.body.error.message).toContain(path)
    }
    await refused({ share: 1.5, guardrails: [] }, 'pilot.share')
    await refused({ share: 0.5, segment: 'amount > 1', guardrails: [] }, 'pilot')
    await refused({ guardrails: [] }, 'pilot')
    await refused({ share: 0.5 }, 'pilot.guardrails')
    await refused({ segment: 'amount >', guardrails: [] }, 'pilot.segment')
    await refused({ share: 0.5, guardrails: [{ metric: 'happiness', max: 1 }] }, 'pilot.guardrails[0].metric')
    await refused(
      { share: 0.5, guardrails: [{ metric: 'errorRate', max: 0.1, maxVsBaseline: 2 }] },
      'pilot.guardrails[0]',
    )
    await refused({ share: 0.5, guardrails: [{ metric: 'errorRate' }] }, 'pilot.guardrails[0]')
    await refused({ share: 0.5, guardrails: [], minItems: 0 }, 'pilot.minItems')
    await refused({ share: 0.5, guardrails: [], until: 'tomorrow' }, 'pilot.until')
    await refused({ share: 0.5, guardrails: [], until: '2001-01-01T00:00:00Z' }, 'pilot.until')

    expect((await call('POST', '/api/workflows', { document: orders('never-deployed') })).status).toBe(201)
    const first = await deployPilot('never-deployed', { share: 0.5, guardrails: [] })
    expect(first.status).toBe(422)
    expect(first.body.error.message).toMatch(/deploy the workflow first/)
    expect(await pilots('bad-pilots')).toEqual([])
    expect((await call('GET', '/api/workflows/bad-pilots/deployments')).body.items).toHaveLength(1)
  })

  it('sends the segment to the pilot and keeps one running pilot per workflow (409 for any other deploy)', async () => {
    await create('segments')
    const viewer = h.tokens.viewer
    expect((await deployPilot('segments', { segment: 'amount > 100', guardrails: [] }, viewer)).status).toBe(
      403,
    )
    const deployed = await deployPilot('segments', {
      segment: 'amount > 100',
      guardrails: [{ metric: 'leadTimeP90', maxVsBaseline: 1.5 }],
    })
    expect(deployed.status).toBe(201)
    expect(deployed.body.deployment.version).toBe(2)

    expect(await versionOfStart('segments', 500)).toBe(2)
    expect(await versionOfStart('segments', 5)).toBe(1)
    expect(await versionOfStart('segments', 101)).toBe(2)

    const [pilot] = await pilots('segments')
    expect(pilot).toMatchObject({
      version: 2,
      baselineVersion: 1,
      segment: 'amount > 100',
      minItems: 20,
      state: 'running',
      startedBy: 'user:editor',
      comparison: [
        {
          metric: 'leadTimeP90',
          maxVsBaseline: 1.5,
          pilot: { value: null, items: 0 },
          baseline: { value: null, items: 0 },
          breached: false,
        },
      ],
    })
    const second = await deployPilot('segments', { share: 0.1, guardrails: [] })
    expect(second.status).toBe(409)
    expect(second.body.error.code).toBe('pilot_running')
    const plain = await call('POST', '/api/workflows/segments/deployments')
    expect(plain.status).toBe(409)
    expect(plain.body.error.code).toBe('pilot_running')
    expect((await audit('segments', 'pilot.started'))[0]).toMatchObject({
      actor: 'user:editor',
      detail: { version: 2, baselineVersion: 1, segment: 'amount > 100' },
    })
  })

  it('leaves a start by a trigger the pilot no longer has on the current version', async () => {
    const intake = (triggers: string[]) =>
      b.workflow(
        [...triggers.map((id) => b.trigger(id)), b.humanStep('check'), b.end('done')],
        [...triggers.map((id) => b.edge(id, 'check')), b.edge('check', 'done')],
        { id: 'intake', name: 'Intake' },
      )
    expect((await call('POST', '/api/workflows', { document: intake(['received', 'phoned']) })).status).toBe(
      201,
    )
    expect((await call('POST', '/api/workflows/intake/deployments')).status).toBe(201)
    expect((await call('PUT', '/api/workflows/intake', { document: intake(['received']) })).status).toBe(200)
    expect((await deployPilot('intake', { share: 1, guardrails: [] })).status).toBe(201)
    const start = async (trigger: string) =>
      (await call('POST', '/api/workflows/intake/instances', { trigger, input: {} })).body.instance.version
    expect(await start('received')).toBe(2)
    expect(await start('phoned')).toBe(1)
  })
})

describe('a deleted workflow', () => {
  it('ends its running pilot, so a workflow made later under its id deploys freely', async () => {
    await create('short-lived')
    expect((await deployPilot('short-lived', { share: 0.5, guardrails: [] })).status).toBe(201)
    expect((await h.request('DELETE', '/api/workflows/short-lived')).status).toBe(204)
    expect((await audit('short-lived', 'pilot.ended'))[0]).toMatchObject({
      actor: 'user:admin',
      detail: { version: 2, reason: 'the workflow was deleted' },
    })
    expect((await call('POST', '/api/workflows', { document: orders('short-lived') })).status).toBe(201)
    expect((await call('POST', '/api/workflows/short-lived/deployments')).status).toBe(201)
    expect(await versionOfStart('short-lived', 1)).toBe(3)
  })
})

describe('promoting and rolling back by hand', () => {
  it('promotes a pilot to the current version for every new instance', async () => {
    await create('promoted')
    expect((await deployPilot('promoted', { share: 0, guardrails: errorRateAtMost(0.1) })).status).toBe(201)
    expect(await versionOfStart('promoted', 1)).toBe(1)

    const path = '/api/workflows/promoted/deployments'
    expect((await call('POST', `${path}/2/promote`, undefined, h.tokens.viewer)).status).toBe(403)
    expect((await call('POST', `${path}/1/promote`)).status).toBe(404)
    expect((await call('POST', `${path}/9/rollback`)).status).toBe(404)
    expect((await call('POST', '/api/workflows/nowhere/deployments/2/promote')).status).toBe(404)
    const promoted = await call('POST', `${path}/2/promote`, undefined, h.tokens.editor)
    expect(promoted.status).toBe(200)
    expect(promoted.body).toMatchObject({ version: 2, state: 'promoted', endedBy: 'user:editor' })
    expect(promoted.body.endedAt).toEqual(expect.any(String))
    expect(await versionOfStart('promoted', 1)).toBe(2)

    for (const action of ['promote', 'rollback']) {
      const again = await call('POST', `${path}/2/${action}`)
      expect(again.status).toBe(409)
      expect(again.body.error.code).toBe('pilot_not_running')
    }
    expect((await audit('promoted', 'pilot.promoted'))[0]?.actor).toBe('user:editor')
    // Once promoted, deploys are free again.
    expect((await call('POST', path)).status).toBe(201)
  })

  it('rolls a pilot back with a reason: new instances stay on the baseline, the pilot’s own finish on it', async () => {
    await create('rolled')
    expect((await deployPilot('rolled', { share: 1, guardrails: errorRateAtMost(0.1) })).status).toBe(201)
    const onPilot = await call('POST', '/api/workflows/rolled/instances', { input: { amount: 3 } })
    expect(onPilot.body.instance.version).toBe(2)

    const rolledBack = await call(
      'POST',
      '/api/workflows/rolled/deployments/2/rollback',
      { reason: 'customers complain' },
      h.tokens.editor,
    )
    expect(rolledBack.status).toBe(200)
    expect(rolledBack.body).toMatchObject({
      state: 'rolled-back',
      endedBy: 'user:editor',
      reason: 'customers complain',
    })
    expect(await versionOfStart('rolled', 3)).toBe(1)

    const tasks = (await call('GET', `/api/tasks?instanceId=${onPilot.body.instance.id}`)).body.items
    expect((await call('POST', `/api/tasks/${tasks[0].id}/complete`, { data: {} })).status).toBe(200)
    const finished = (await call('GET', `/api/instances/${onPilot.body.instance.id}`)).body
    expect(finished).toMatchObject({ status: 'completed', version: 2 })
    expect((await audit('rolled', 'pilot.rolled-back'))[0]).toMatchObject({
      actor: 'user:editor',
      detail: { version: 2, reason: 'customers complain' },
    })
    const [pilot] = await pilots('rolled')
    expect(pilot!.comparison[0]).toMatchObject({ metric: 'errorRate', pilot: { value: 0, items: 1 } })
  })

  it('ends a pilot whose time is up, without promoting it', async () => {
    await create('timed')
    const until = new Date(Date.now() + 1500).toISOString()
    expect((await deployPilot('timed', { share: 1, guardrails: [], until })).status).toBe(201)
    expect(await versionOfStart('timed', 1)).toBe(2)
    const ended = await vi.waitFor(
      async () => {
        const [pilot] = await pilots('timed')
        if (pilot?.state !== 'ended') throw new Error(`the pilot is ${pilot?.state}`)
        return pilot
      },
      { timeout: 10_000, interval: 50 },
    )
    expect(ended).toMatchObject({ endedBy: 'system', until })
    expect(await versionOfStart('timed', 1)).toBe(1)
    expect((await audit('timed', 'pilot.ended'))[0]?.actor).toBe('system')
  })
})

describe('the API reference', () => {
  it('documents the pilot of a deploy, the pilots and their promotion and rollback', async () => {
    const openapi = (await call('GET', '/api/openapi.json')).body
    const deploy = openapi.paths['/api/workflows/{id}/deployments'].post
    expect(deploy.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/Deploy')
    expect(Object.keys(openapi.components.schemas.PilotSettings.properties)).toEqual([
      'share',
      'segment',
      'guardrails',
      'minItems',
      'until',
    ])
    expect(openapi.paths['/api/workflows/{id}/pilots'].get.responses[200]).toBeDefined()
    for (const action of ['promote', 'rollback']) {
      const route = openapi.paths[`/api/workflows/{id}/deployments/{version}/${action}`].post
      expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(['200', '404', '409']))
    }
  })
})

describe('a pilot that needs four eyes', () => {
  it('carries the pilot in the deploy request and starts it on approval', async () => {
    const claims = b.workflow(
      [b.trigger('received'), b.httpStep('pay', 'https://payouts.example.com/pay'), b.end('done')],
      b.chain('received', 'pay', 'done'),
      { id: 'claims', name: 'Claims' },
    )
    const rita = await h.tokenFor('rita', 'editor')
    const ed = await h.tokenFor('ed', 'editor')
    expect((await call('POST', '/api/workflows', { document: claims })).status).toBe(201)
    expect((await call('POST', '/api/workflows/claims/deployments', undefined, rita)).status).toBe(202)
    expect(
      (await call('POST', '/api/workflows/claims/deployment-requests/1/approve', undefined, ed)).status,
    ).toBe(200)

    const pilot = { share: 0.25, guardrails: [{ metric: 'errorRate', maxVsBaseline: 1.2 }], minItems: 50 }
    const requested = await deployPilot('claims', pilot, rita)
    expect(requested.status).toBe(202)
    expect(requested.body.request.pilot).toEqual(pilot)
    expect(await pilots('claims')).toEqual([])

    const approved = await call('POST', '/api/workflows/claims/deployment-requests/2/approve', undefined, ed)
    expect(approved.status).toBe(200)
    expect(await pilots('claims')).toMatchObject([
      { version: 2, baselineVersion: 1, share: 0.25, minItems: 50, state: 'running', startedBy: 'user:ed' },
    ])
    const again = await deployPilot('claims', pilot, rita)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('pilot_running')
  })
})
