import { workflowBuilders as b } from '@conveyor/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'

let h: Harness
/** Two editors: Rita asks for deploys, Ed reviews them; Sam saves changes. */
let rita: string
let ed: string
let sam: string

const form = { fields: [{ id: 'ok', label: 'Claim is valid', type: 'boolean' as const }] }

const payOut = (): b.NodeInput => {
  const node = b.httpStep('pay', 'https://payouts.example.com/pay')
  return { ...node, data: { ...node.data, label: 'Pay out' } } as b.NodeInput
}

/** Claims with a payout: the http step makes its deploys need approval by default. */
const claims = (extra?: b.NodeInput) =>
  b.workflow(
    [
      b.trigger('received'),
      b.humanStep('check', { label: 'Check claim', human: { form } }),
      payOut(),
      ...(extra ? [extra] : []),
      b.end('done'),
    ],
    b.chain('received', 'check', 'pay', ...(extra ? [extra.id] : []), 'done'),
    { id: 'claims', name: 'Claims' },
  )

const path = '/api/workflows/claims'
const post = (url: string, token: string, body?: unknown) => h.request('POST', url, { token, body })
const save = async (token: string, document: unknown) =>
  expect((await h.request('PUT', path, { token, body: { document } })).status).toBe(200)

beforeAll(async () => {
  h = await createHarness()
  rita = await h.tokenFor('rita', 'editor')
  ed = await h.tokenFor('ed', 'editor')
  sam = await h.tokenFor('sam', 'editor')
  expect((await post('/api/workflows', h.tokens.admin, { document: claims() })).status).toBe(201)
})
afterAll(() => h.close())

describe('four-eyes deploys', () => {
  it('a deploy of a workflow that calls an outside service is a request with its diff (202)', async () => {
    const requested = await post(`${path}/deployments`, rita)
    expect(requested.status).toBe(202)
    const { request } = await jsonOf(requested)
    expect(request).toMatchObject({
      n: 1,
      workflowId: 'claims',
      state: 'pending',
      requestedBy: 'user:rita',
      revision: 1,
    })
    expect(request.requestedAt).toEqual(expect.any(String))
    // A first deploy: everything is added.
    expect(request.diff.removed).toEqual([])
    expect(request.diff.changed).toEqual([])
    expect(request.diff.added.map((node: { label: string }) => node.label).sort()).toEqual([
      'Check claim',
      'Pay out',
      'done',
      'received',
    ])
    expect(await jsonOf(await h.request('GET', `${path}/deployments`))).toEqual({ items: [] })
    const listed = await jsonOf(
      await h.request('GET', `${path}/deployment-requests`, { token: h.tokens.viewer }),
    )
    expect(listed.items).toEqual([request])
    expect(await jsonOf(await h.request('GET', `${path}/deployment-requests/1`))).toEqual(request)
  })

  it('the requester may not approve it (403 that says so), nor a viewer', async () => {
    const own = await post(`${path}/deployment-requests/1/approve`, rita)
    expect(own.status).toBe(403)
    expect((await jsonOf(own)).error.message).toBe(
      'You requested deploy 1 of "claims"; another person must approve it',
    )
    expect((await post(`${path}/deployment-requests/1/approve`, h.tokens.viewer)).status).toBe(403)
    expect((await post(`${path}/deployment-requests/1/reject`, h.tokens.viewer)).status).toBe(403)
    expect((await jsonOf(await h.request('GET', `${path}/deployment-requests/1`))).state).toBe('pending')
  })

  it('another editor approves: the version deploys and new instances start on it', async () => {
    const approved = await post(`${path}/deployment-requests/1/approve`, ed)
    expect(approved.status).toBe(200)
    const { request, deployment } = await jsonOf(approved)
    expect(deployment).toMatchObject({ id: 'claims@1', version: 1, deployedBy: 'user:ed' })
    expect(request).toMatchObject({ state: 'approved', decidedBy: 'user:ed', deploymentId: 'claims@1' })
    const started = await jsonOf(await post(`${path}/instances`, ed, { input: {} }))
    expect(started.instance.deploymentId).toBe('claims@1')
  })

  it('a decided request cannot be decided again (409)', async () => {
    const again = await post(`${path}/deployment-requests/1/approve`, sam)
    expect(again.status).toBe(409)
    expect((await jsonOf(again)).error.message).toMatch(/was approved already/)
    expect((await post(`${path}/deployment-requests/1/reject`, sam)).status).toBe(409)
  })

  it('a rejected request deploys nothing and keeps its reason', async () => {
    await save(sam, claims(b.step('note', { label: 'Note payout' })))
    const requested = await jsonOf(await post(`${path}/deployments`, sam))
    expect(requested.request).toMatchObject({ n: 2, revision: 2, baseDeploymentId: 'claims@1' })
    const rejected = await post(`${path}/deployment-requests/2/reject`, ed, { reason: 'not this week' })
    expect(rejected.status).toBe(200)
    expect(await jsonOf(rejected)).toMatchObject({
      state: 'rejected',
      decidedBy: 'user:ed',
      reason: 'not this week',
    })
    const deployments = await jsonOf(await h.request('GET', `${path}/deployments`))
    expect(deployments.items.map((d: { id: string }) => d.id)).toEqual(['claims@1'])
    expect((await post(`${path}/deployment-requests/2/approve`, rita)).status).toBe(409)
  })

  it('nobody who changed the workflow since the deployed version may approve, and the diff says what changed', async () => {
    await save(sam, claims(b.humanStep('photos', { label: 'Look at the photos', human: { form } })))
    const { request } = await jsonOf(await post(`${path}/deployments`, rita))
    expect(request.diff).toEqual({
      added: [{ id: 'photos', kind: 'step', label: 'Look at the photos' }],
      removed: [],
      changed: [{ id: 'pay', kind: 'step', label: 'Pay out', what: ['transitions'] }],
    })
    const bySam = await post(`${path}/deployment-requests/${request.n}/approve`, sam)
    expect(bySam.status).toBe(403)
    expect((await jsonOf(bySam)).error.message).toBe(
      `You changed "claims" since its deployed version; another person must approve deploy ${request.n}`,
    )
  })

  it('approval deploys the revision requested, whatever was saved after it', async () => {
    const pending = (await jsonOf(await h.request('GET', `${path}/deployment-requests`))).items[0]
    await save(sam, claims(b.step('later', { label: 'Saved after the request' })))
    const approved = await jsonOf(await post(`${path}/deployment-requests/${pending.n}/approve`, ed))
    expect(approved.deployment.version).toBe(2)
    const deployed = await jsonOf(await h.request('GET', `${path}/deployments/2`))
    const ids = deployed.document.nodes.map((node: { id: string }) => node.id)
    expect(ids).toContain('photos')
    expect(ids).not.toContain('later')
  })

  it('a request made against an older version is refused (409) once another was deployed', async () => {
    const first = (await jsonOf(await post(`${path}/deployments`, rita))).request
    const second = (await jsonOf(await post(`${path}/deployments`, rita))).request
    expect((await post(`${path}/deployment-requests/${first.n}/approve`, h.tokens.admin)).status).toBe(200)
    const outdated = await post(`${path}/deployment-requests/${second.n}/approve`, h.tokens.admin)
    expect(outdated.status).toBe(409)
    expect((await jsonOf(outdated)).error.message).toMatch(/claims@3 was deployed since/)
    expect((await post(`${path}/deployment-requests/${second.n}/reject`, rita)).status).toBe(200)
  })

  it('every request and decision is in the audit log, naming who, the request and the revision', async () => {
    const audit = await jsonOf(await h.request('GET', '/api/audit?workflowId=claims&limit=500'))
    const rows = audit.items
      .filter((row: { action: string }) => row.action.startsWith('deploy.'))
      .map((row: { actor: string; action: string; detail: { n: number; revision: number } }) => [
        row.action,
        row.actor,
        row.detail.n,
        row.detail.revision,
      ])
    expect(rows).toEqual(
      expect.arrayContaining([
        ['deploy.requested', 'user:rita', 1, 1],
        ['deploy.approved', 'user:ed', 1, 1],
        ['deploy.requested', 'user:sam', 2, 2],
        ['deploy.rejected', 'user:ed', 2, 2],
      ]),
    )
    expect(rows).toHaveLength(10) // five requests, three approved, two rejected
  })

  it('knows the changer whatever their name holds, commas included', async () => {
    const smith = await h.tokenFor('Smith, Jo', 'editor')
    await save(smith, claims(b.humanStep('notes', { label: 'Read the notes', human: { form } })))
    const { request } = await jsonOf(await post(`${path}/deployments`, rita))
    expect((await post(`${path}/deployment-requests/${request.n}/approve`, smith)).status).toBe(403)
    expect(
      (await post(`${path}/deployment-requests/${request.n}/reject`, ed, { reason: 'not now' })).status,
    ).toBe(200)
  })
})

describe('a requested revision that is no longer ready to run', () => {
  it('is refused on approval (422) naming what is missing, and stays pending', async () => {
    const value = 'payout-key-0123456789'
    expect((await h.request('PUT', '/api/secrets/PAYOUT_KEY', { body: { value } })).status).toBe(201)
    const keyed = b.httpStep('pay', 'https://payouts.example.com/pay', {
      headers: { authorization: 'Bearer {{secret:PAYOUT_KEY}}' },
    })
    const document = b.workflow([b.trigger('in'), keyed, b.end('out')], b.chain('in', 'pay', 'out'), {
      id: 'keyed',
    })
    expect((await post('/api/workflows', h.tokens.admin, { document })).status).toBe(201)
    const { request } = await jsonOf(await post('/api/workflows/keyed/deployments', rita))
    expect((await h.request('DELETE', '/api/secrets/PAYOUT_KEY')).status).toBe(204)
    const refused = await post(`/api/workflows/keyed/deployment-requests/${request.n}/approve`, ed)
    expect(refused.status).toBe(422)
    const { error } = await jsonOf(refused)
    const blocking = error.details.diagnostics.filter((d: { severity: string }) => d.severity === 'error')
    expect(blocking).toEqual([expect.objectContaining({ code: 'step.unknown-secret', nodeId: 'pay' })])
    expect(
      (await jsonOf(await h.request('GET', `/api/workflows/keyed/deployment-requests/${request.n}`))).state,
    ).toBe('pending')
  })
})

describe('a deleted workflow', () => {
  it('has nothing left to deploy: approving its request is a 404', async () => {
    const document = { ...claims(), id: 'gone' }
    expect((await post('/api/workflows', h.tokens.admin, { document })).status).toBe(201)
    const { request } = await jsonOf(await post('/api/workflows/gone/deployments', rita))
    expect((await h.request('DELETE', '/api/workflows/gone')).status).toBe(204)
    const refused = await post(`/api/workflows/gone/deployment-requests/${request.n}/approve`, ed)
    expect(refused.status).toBe(404)
    expect((await jsonOf(refused)).error.message).toMatch(/workflow "gone" was not found/)
  })
})

describe('workflows whose deploys need no approval', () => {
  let local: Harness
  beforeAll(async () => {
    local = await createHarness()
  })
  afterAll(() => local.close())

  it('deploy at once (201), as do those that turned it off; a workflow may also turn it on', async () => {
    const inside = b.workflow([b.trigger('in'), b.step('sum'), b.end('out')], b.chain('in', 'sum', 'out'), {
      id: 'inside',
    })
    const off = { ...claims(), id: 'off', deploysNeedApproval: false }
    const on = { ...inside, id: 'on', deploysNeedApproval: true }
    for (const document of [inside, off, on]) {
      expect((await local.request('POST', '/api/workflows', { body: { document } })).status).toBe(201)
    }
    expect((await local.request('POST', '/api/workflows/inside/deployments')).status).toBe(201)
    expect((await local.request('POST', '/api/workflows/off/deployments')).status).toBe(201)
    expect((await local.request('POST', '/api/workflows/on/deployments')).status).toBe(202)
  })
})

// Last: it closes the shared harness's service to open its data folder again.
describe('after a restart', () => {
  it('requests and their decisions survive a restart', async () => {
    const before = await jsonOf(await h.request('GET', `${path}/deployment-requests`))
    await h.service.close()
    const again = await createHarness({ dataDir: h.dataDir })
    try {
      expect(await jsonOf(await again.request('GET', `${path}/deployment-requests`))).toEqual(before)
      // Numbering continues after the stored requests.
      const next = await again.request('POST', `${path}/deployments`, {
        token: await again.tokenFor('rita', 'editor'),
      })
      expect((await jsonOf(next)).request.n).toBe(before.items.length + 1)
    } finally {
      await again.close()
    }
  })
})
