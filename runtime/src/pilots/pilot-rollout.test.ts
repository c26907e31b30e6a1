import { workflowBuilders as b } from '@conveyor/shared'
import type { AuditEntry, InstanceSummary } from '@conveyor/shared/protocol/api'
import type { PilotView } from '@conveyor/shared/protocol/pilots'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { callApiForJson } from '../http/test-support/api-calls'
import { openTaskOf } from '../http/test-support/open-task'
import { runServerProcess, waitForUrl, type Started } from '../http/test-support/server-process'
import { startRecordingServer, type RecordingServer } from '../service/test-support/recording-server'

const adminToken = 'pilot-test-admin-token'
let receiver: RecordingServer
let dataDir: string
let server: Started
let origin: string

const call = (method: string, path: string, body?: unknown) =>
  callApiForJson(origin, adminToken, method, path, body)

/** A start with an idempotency key, as a client that may retry sends it. */
async function startKeyed(workflowId: string, key: string, input: Record<string, unknown> = {}) {
  const response = await fetch(`${origin}/api/workflows/${workflowId}/instances`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${adminToken}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify({ input }),
  })
  expect([200, 201]).toContain(response.status)
  return ((await response.json()) as { instance: InstanceSummary }).instance
}

/** Starts `keys` a few at a time, in order. */
async function startAll(workflowId: string, keys: string[]): Promise<InstanceSummary[]> {
  const started: InstanceSummary[] = []
  for (let i = 0; i < keys.length; i += 20) {
    started.push(...(await Promise.all(keys.slice(i, i + 20).map((key) => startKeyed(workflowId, key)))))
  }
  return started
}

const keys = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`)
const onVersion = (instances: InstanceSummary[], version: number) =>
  instances.filter((i) => i.version === version)
const pilots = async (workflowId: string) =>
  (await call('GET', `/api/workflows/${workflowId}/pilots`)).body.pilots as PilotView[]
const audit = async (workflowId: string, action: string) =>
  (await call('GET', `/api/audit?workflowId=${workflowId}&action=${action}`)).body.items as AuditEntry[]

const openTask = (instanceId: string) => openTaskOf(call, instanceId)

async function ended(instanceId: string): Promise<InstanceSummary> {
  return vi.waitFor(
    async () => {
      const instance = (await call('GET', `/api/instances/${instanceId}`)).body as InstanceSummary
      if (instance.status !== 'completed' && instance.status !== 'failed') {
        throw new Error(`instance is ${instance.status}`)
      }
      return instance
    },
    { timeout: 10_000, interval: 20 },
  )
}

async function completeCheck(instanceId: string): Promise<void> {
  const task = await openTask(instanceId)
  expect((await call('POST', `/api/tasks/${task.id}/complete`, { data: {} })).status).toBe(200)
}

/** A person checks the payout, then the payment provider's API of this version is called. */
function payouts(version: string) {
  return b.workflow(
    [
      b.trigger('start'),
      b.humanStep('check'),
      b.step('pay', {
        automate: {
          connector: { kind: 'http', method: 'POST', url: `${receiver.url}/${version}/pay`, body: '{}' },
          retry: { maxAttempts: 1, initialDelay: '1s' },
        },
        fallback: { lane: 'operations' },
      }),
      b.end('paid'),
      b.exception('pay-failed', 'pay'),
      b.end('not-paid', 'failed'),
    ],
    [...b.chain('start', 'check', 'pay', 'paid'), b.edge('pay-failed', 'not-paid')],
    // A breaker tripping after 5 failures would hand the pilot's failing calls to people first.
    { id: 'payouts', name: 'Payouts', deploysNeedApproval: false, circuitBreaker: { failuresInARow: 100 } },
  )
}

const split = (label: string) =>
  b.workflow(
    [b.trigger('start'), b.step('note', { label }), b.end('done')],
    b.chain('start', 'note', 'done'),
    {
      id: 'split',
      name: 'Split',
    },
  )

async function deploy(document: { id: string }, pilot?: unknown) {
  const path = `/api/workflows/${document.id}`
  const exists = (await call('GET', path)).status === 200
  const saved = exists
    ? await call('PUT', path, { document })
    : await call('POST', '/api/workflows', { document })
  expect(saved.status).toBe(exists ? 200 : 201)
  const deployed = await call('POST', `${path}/deployments`, pilot ? { pilot } : undefined)
  expect(deployed.status).toBe(201)
  return deployed.body.deployment.version as number
}

async function startServer() {
  server = runServerProcess({
    CONVEYOR_DATA: dataDir,
    CONVEYOR_ADMIN_TOKEN: adminToken,
    CONVEYOR_ALLOW_HOSTS: '127.0.0.1',
  })
  origin = (await waitForUrl(server)).replace(/\/$/, '')
}

beforeAll(async () => {
  receiver = await startRecordingServer()
  // The pilot's payment API is broken; the current one works.
  receiver.reply = (request) =>
    request.path.startsWith('/v2/') ? { status: 500, body: { error: 'broken' } } : { status: 200, body: {} }
  dataDir = join(await mkdtemp(join(tmpdir(), 'conveyor-pilots-')), 'data')
  await startServer()
})
afterAll(async () => {
  server.child.kill('SIGTERM')
  await server.exited
  await receiver.close()
  await rm(join(dataDir, '..'), { recursive: true, force: true })
})

describe('pilots on a running server', () => {
  let splitStarts: InstanceSummary[]
  let waitingOnPilot: InstanceSummary[]

  it('a pilot at 30% takes 30% ± 8% of 500 starts, and a retried start lands on the same side', async () => {
    expect(await deploy(split('Note v1'))).toBe(1)
    const version = await deploy(split('Note v2'), {
      share: 0.3,
      guardrails: [{ metric: 'errorRate', maxVsBaseline: 2 }],
    })
    expect(version).toBe(2)
    splitStarts = await startAll('split', keys('order', 500))
    const share = onVersion(splitStarts, 2).length / 500
    expect(share).toBeGreaterThanOrEqual(0.22)
    expect(share).toBeLessThanOrEqual(0.38)
    expect(onVersion(splitStarts, 1).length + onVersion(splitStarts, 2).length).toBe(500)

    const retried = await startAll('split', keys('order', 40))
    expect(retried.map((i) => [i.id, i.version])).toEqual(
      splitStarts.slice(0, 40).map((i) => [i.id, i.version]),
    )
    const [pilot] = await pilots('split')
    expect(pilot).toMatchObject({ version: 2, baselineVersion: 1, share: 0.3, state: 'running' })
  }, 120_000)

  it('rolls back a pilot whose connector fails once minItems ended, while its running instances finish on it', async () => {
    expect(await deploy(payouts('v1'))).toBe(1)
    await deploy(payouts('v2'), {
      share: 0.5,
      guardrails: [{ metric: 'errorRate', max: 0.2 }],
      minItems: 5,
    })
    const first = await startAll('payouts', keys('payout', 30))
    const onPilot = onVersion(first, 2)
    const onBaseline = onVersion(first, 1)
    expect(onPilot.length).toBeGreaterThanOrEqual(8)
    for (const instance of onBaseline.slice(0, 3)) await completeCheck(instance.id)
    for (const instance of onBaseline.slice(0, 3)) expect((await ended(instance.id)).status).toBe('completed')

    // Four failed pilot items are not enough to judge it.
    for (const instance of onPilot.slice(0, 4)) await completeCheck(instance.id)
    for (const instance of onPilot.slice(0, 4)) expect((await ended(instance.id)).status).toBe('failed')
    expect((await pilots('payouts'))[0]).toMatchObject({
      state: 'running',
      comparison: [{ metric: 'errorRate', pilot: { value: 1, items: 4 }, breached: true }],
    })

    await completeCheck(onPilot[4]!.id)
    const rolledBack = await vi.waitFor(
      async () => {
        const [pilot] = await pilots('payouts')
        if (pilot?.state !== 'rolled-back') throw new Error(`the pilot is ${pilot?.state}`)
        return pilot
      },
      { timeout: 10_000, interval: 20 },
    )
    expect(rolledBack).toMatchObject({
      endedBy: 'system',
      comparison: [
        {
          metric: 'errorRate',
          max: 0.2,
          pilot: { value: 1, items: 5 },
          baseline: { value: 0, items: 3 },
          breached: true,
        },
      ],
    })
    expect(rolledBack.reason).toBe('errorRate 100% over the limit of 20% (5 pilot items)')
    const [breach] = await audit('payouts', 'pilot.breached')
    expect(breach).toMatchObject({
      actor: 'system',
      detail: { version: 2, breached: ['errorRate'], comparison: [{ pilot: { value: 1, items: 5 } }] },
    })
    expect((await audit('payouts', 'pilot.rolled-back'))[0]?.actor).toBe('system')

    const later = await startAll('payouts', keys('later', 40))
    expect(onVersion(later, 2)).toEqual([])
    // The pilot's instances still waiting for their check finish on the pilot's version.
    waitingOnPilot = onPilot.slice(5)
    await completeCheck(waitingOnPilot[0]!.id)
    expect(await ended(waitingOnPilot[0]!.id)).toMatchObject({ version: 2, status: 'failed' })
    const pilotCalls = receiver.requests.filter((request) => request.path === '/v2/pay')
    expect(pilotCalls).toHaveLength(6)
  }, 120_000)

  it('keeps routing and pilot states across kill -9, and the audit chain verifies', async () => {
    server.child.kill('SIGKILL')
    await server.exited
    await startServer()

    expect((await pilots('split'))[0]).toMatchObject({ version: 2, share: 0.3, state: 'running' })
    expect((await pilots('payouts'))[0]).toMatchObject({
      version: 2,
      state: 'rolled-back',
      endedBy: 'system',
    })

    const retried = await startAll('split', keys('order', 500).slice(460))
    expect(retried.map((i) => [i.id, i.version])).toEqual(
      splitStarts.slice(460).map((i) => [i.id, i.version]),
    )
    const fresh = await startAll('split', keys('after-restart', 200))
    const share = onVersion(fresh, 2).length / 200
    expect(share).toBeGreaterThanOrEqual(0.18)
    expect(share).toBeLessThanOrEqual(0.42)
    expect(onVersion(await startAll('payouts', keys('after-restart', 20)), 2)).toEqual([])
    await completeCheck(waitingOnPilot[1]!.id)
    expect(await ended(waitingOnPilot[1]!.id)).toMatchObject({ version: 2, status: 'failed' })

    const prometheus = await (
      await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } })
    ).text()
    const pilotItems = onVersion(splitStarts, 2).length + onVersion(fresh, 2).length
    expect(prometheus).toContain(
      `conveyor_version_instances_started_total{workflow="split",version="2"} ${pilotItems}`,
    )
    expect(prometheus).toContain('conveyor_pilot_state{workflow="payouts",version="2",state="rolled-back"} 1')
    expect(prometheus).toContain('conveyor_pilot_state{workflow="split",version="2",state="running"} 1')
    expect((await call('GET', '/api/audit/verify')).body).toMatchObject({ ok: true })
  }, 120_000)
})
