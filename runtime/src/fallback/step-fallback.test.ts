import { workflowBuilders as b } from '@conveyor/shared'
import type { AuditEntry } from '@conveyor/shared/protocol/api'
import type { StepFallbackView } from '@conveyor/shared/protocol/step-fallback'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { callApiForJson } from '../http/test-support/api-calls'
import { openTaskOf } from '../http/test-support/open-task'
import { runServerProcess, waitForUrl, type Started } from '../http/test-support/server-process'
import { startRecordingServer, type RecordingServer } from '../service/test-support/recording-server'

const adminToken = 'fallback-test-admin-token'
let receiver: RecordingServer
let dataDir: string
let server: Started
let origin: string

/** A payout through the vendor's API; by hand, the payments desk pays and types the reference. */
function payouts(id: string, retry: { maxAttempts: number; initialDelay: string }) {
  return b.workflow(
    [
      b.trigger('start'),
      b.step('pay', {
        label: 'Pay out',
        automate: {
          connector: { kind: 'http', method: 'POST', url: `${receiver.url}/pay`, body: '{ "n": data.n }' },
          retry,
        },
        output: '{ "reference": result.id }',
        fallback: {
          lane: 'payments',
          form: { fields: [{ id: 'reference', label: 'Payment reference', type: 'text', required: true }] },
        },
      }),
      b.end('done'),
      b.exception('pay-failed', 'pay'),
      b.end('not-paid', 'failed'),
    ],
    [...b.chain('start', 'pay', 'done'), b.edge('pay-failed', 'not-paid')],
    {
      id,
      lanes: [{ id: 'payments', name: 'Payments desk' }],
      deploysNeedApproval: false,
    },
  )
}

const call = (method: string, path: string, body?: unknown, token = adminToken) =>
  callApiForJson(origin, token, method, path, body)

const fallbackPath = (workflowId: string) => `/api/workflows/${workflowId}/steps/pay/fallback`
const audit = async (workflowId: string, action: string) =>
  (await call('GET', `/api/audit?workflowId=${workflowId}&action=${action}`)).body.items as AuditEntry[]

async function startItem(workflowId: string, n: number): Promise<string> {
  const started = await call('POST', `/api/workflows/${workflowId}/instances`, { input: { n } })
  expect(started.status).toBe(201)
  return started.body.instance.id
}

const openTask = (instanceId: string) => openTaskOf(call, instanceId)

async function finished(instanceId: string) {
  return vi.waitFor(
    async () => {
      const instance = (await call('GET', `/api/instances/${instanceId}`)).body
      if (instance.status !== 'completed') throw new Error(`instance is ${instance.status}`)
      return instance
    },
    { timeout: 10_000, interval: 10 },
  )
}

async function deploy(workflowId: string, retry: { maxAttempts: number; initialDelay: string }) {
  expect((await call('POST', '/api/workflows', { document: payouts(workflowId, retry) })).status).toBe(201)
  expect((await call('POST', `/api/workflows/${workflowId}/deployments`)).status).toBe(201)
}

async function start() {
  server = runServerProcess({
    CONVEYOR_DATA: dataDir,
    CONVEYOR_ADMIN_TOKEN: adminToken,
    CONVEYOR_ALLOW_HOSTS: '127.0.0.1',
  })
  origin = (await waitForUrl(server)).replace(/\/$/, '')
}

beforeAll(async () => {
  receiver = await startRecordingServer()
  receiver.reply = (request) => ({ status: 200, body: { id: `R-${(request.body as { n: number }).n}` } })
  dataDir = join(await mkdtemp(join(tmpdir(), 'conveyor-fallback-')), 'data')
  await start()
})
afterAll(async () => {
  server.child.kill('SIGTERM')
  await server.exited
  await receiver.close()
  await rm(join(dataDir, '..'), { recursive: true, force: true })
})

describe('manual fallback of a step that calls an outside service', () => {
  it('switched to manual, makes tasks in the fallback lane and calls nothing until switched back', async () => {
    await deploy('payouts', { maxAttempts: 3, initialDelay: '1s' })
    const editor = (await call('POST', '/api/tokens', { name: 'eddie', role: 'editor' })).body.secret
    const switchTo = (manual: boolean, reason: string, token = adminToken) =>
      call('POST', fallbackPath('payouts'), { manual, reason }, token)

    expect((await switchTo(true, 'vendor outage', editor)).status).toBe(403)
    expect(
      (await call('POST', '/api/workflows/payouts/steps/nowhere/fallback', { manual: true, reason: 'x' }))
        .status,
    ).toBe(404)
    const wrong = await call('POST', fallbackPath('payouts'), { manual: 'yes', reason: 'x' })
    expect(wrong.status).toBe(400)
    const manual = await switchTo(true, 'vendor outage')
    expect(manual.status).toBe(200)
    expect(manual.body).toMatchObject({
      manual: true,
      reason: 'vendor outage',
      by: expect.any(String),
      lane: 'payments',
    })

    const items = [await startItem('payouts', 1), await startItem('payouts', 2)]
    const tasks = await Promise.all(items.map(openTask))
    for (const task of tasks) {
      expect(task).toMatchObject({ nodeId: 'pay', lane: 'payments', fallback: { reason: 'vendor outage' } })
      expect(task.form.fields.map((field) => field.id)).toEqual(['reference'])
    }
    expect((await call('GET', `/api/instances/${items[0]}`)).body.status).toBe('waiting')
    const done = await call('POST', `/api/tasks/${tasks[0]!.id}/complete`, { data: { reference: 'BANK-7' } })
    expect(done.status).toBe(200)
    expect((await finished(items[0]!)).data).toMatchObject({ reference: 'BANK-7' })
    expect(receiver.requests).toHaveLength(0)

    expect((await switchTo(false, 'vendor is back')).body).toMatchObject({
      manual: false,
      reason: 'vendor is back',
    })
    const after = await startItem('payouts', 3)
    expect((await finished(after)).data).toMatchObject({ reference: 'R-3' })
    expect(receiver.requests.map((request) => request.body)).toEqual([{ n: 3 }])
    // The task made while manual stays with people: it is theirs to finish.
    expect((await call('GET', `/api/tasks/${tasks[1]!.id}`)).body.status).toBe('open')

    const [on] = await audit('payouts', 'step.switched-to-manual')
    const [off] = await audit('payouts', 'step.switched-to-automatic')
    expect(on).toMatchObject({ nodeId: 'pay', detail: { reason: 'vendor outage' } })
    expect(off).toMatchObject({ nodeId: 'pay', actor: on!.actor, detail: { reason: 'vendor is back' } })
    const metrics = (await call('GET', '/api/workflows/payouts/metrics')).body
    expect(metrics.steps.pay).toMatchObject({ completed: 2, doneByFallback: 1 })
    const prometheus = await (
      await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } })
    ).text()
    expect(prometheus).toContain('conveyor_step_done_by_fallback_total{workflow="payouts",step="pay"} 1')
  }, 60_000)

  it('trips its circuit breaker after 5 failures in a row, moves items waiting for a retry to people, and stays manual after kill -9', async () => {
    receiver.requests.length = 0
    // The first two items' calls time out and wait an hour for their retry; the rest are refused
    // for good, one failure each.
    receiver.reply = (request) =>
      (request.body as { n: number }).n <= 2
        ? { status: 503, body: { error: 'down for maintenance' } }
        : { status: 400, body: { error: 'account locked' } }
    await deploy('outage', { maxAttempts: 3, initialDelay: '1h' })
    const state = async () => (await call('GET', fallbackPath('outage'))).body as StepFallbackView
    const waiting = [await startItem('outage', 1), await startItem('outage', 2)]
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(2), { timeout: 10_000, interval: 10 })
    const refused: string[] = []
    for (let n = 3; n <= 6; n++) {
      refused.push(await startItem('outage', n))
      await vi.waitFor(async () => expect((await state()).failuresInARow).toBe(n - 2), {
        timeout: 10_000,
        interval: 10,
      })
    }
    expect(await state()).toMatchObject({ manual: false, breakAfter: 5 })
    // A refused item takes its failure path until the breaker trips.
    expect((await call('GET', `/api/instances/${refused[0]}`)).body.status).toBe('failed')
    const tripping = await startItem('outage', 7)

    const tasks = await Promise.all([...waiting, tripping].map(openTask))
    expect(tasks.every((task) => task.lane === 'payments')).toBe(true)
    const tripped = await state()
    expect(tripped).toMatchObject({ manual: true, by: 'system', failuresInARow: 0 })
    expect(tripped.reason).toMatch(/^5 failures in a row; the last: .*400/)
    const [entry] = await audit('outage', 'step.switched-to-manual')
    expect(entry).toMatchObject({
      actor: 'system',
      nodeId: 'pay',
      detail: { failuresInARow: 5, breakAfter: 5 },
    })
    expect(receiver.requests).toHaveLength(7)

    server.child.kill('SIGKILL')
    await server.exited
    await start()

    expect(await state()).toMatchObject({ manual: true, by: 'system', reason: tripped.reason })
    const later = await startItem('outage', 8)
    expect((await openTask(later)).lane).toBe('payments')
    const done = await call('POST', `/api/tasks/${tasks[0]!.id}/complete`, { data: { reference: 'BANK-1' } })
    expect(done.status).toBe(200)
    expect((await finished(waiting[0]!)).data).toMatchObject({ reference: 'BANK-1' })
    expect(receiver.requests).toHaveLength(7)

    receiver.reply = () => ({ status: 200, body: { id: 'R-ok' } })
    await call('POST', fallbackPath('outage'), { manual: false, reason: 'maintenance over' })
    expect((await finished(await startItem('outage', 9))).data).toMatchObject({ reference: 'R-ok' })
    expect((await call('GET', '/api/audit/verify')).body).toMatchObject({ ok: true })
  }, 120_000)
})
