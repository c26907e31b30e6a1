import { workflowBuilders as b } from '@conveyor/shared'
import type { StepHistory } from '@conveyor/shared/protocol/step-history'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { callApiForJson } from '../http/test-support/api-calls'
import { runServerProcess, waitForUrl, type Started } from '../http/test-support/server-process'
import { startRecordingServer, type RecordingServer } from '../service/test-support/recording-server'

const adminToken = 'history-test-admin-token'
let receiver: RecordingServer
let dataDir: string
let server: Started
let origin: string

/** A payout through the vendor's API, whose breaker trips after two failed calls; and an assisted triage. */
function payouts() {
  return b.workflow(
    [
      b.trigger('start'),
      b.step('triage', {
        mode: 'augment',
        lane: 'operations',
        fallback: { lane: 'operations' },
        augment: {
          assistant: {
            produces: 'classification',
            instructions: 'Is this a refund or a payment?',
            labels: ['refund', 'payment'],
            field: 'kind',
            sees: ['n'],
          },
          form: {
            fields: [{ id: 'kind', label: 'Kind', type: 'select', options: ['refund', 'payment'] }],
          },
        },
      }),
      b.step('pay', {
        label: 'Pay out',
        automate: {
          connector: { kind: 'http', method: 'POST', url: `${receiver.url}/pay`, body: '{ "n": data.n }' },
          retry: { maxAttempts: 1, initialDelay: '1s' },
        },
        fallback: { lane: 'payments' },
      }),
      b.end('done'),
      b.exception('pay-failed', 'pay'),
      b.end('not-paid', 'failed'),
    ],
    [...b.chain('start', 'pay', 'triage', 'done'), b.edge('pay-failed', 'not-paid')],
    {
      id: 'payouts',
      lanes: [
        { id: 'operations', name: 'Operations' },
        { id: 'payments', name: 'Payments desk' },
      ],
      deploysNeedApproval: false,
      circuitBreaker: { failuresInARow: 2 },
    },
  )
}

const call = (method: string, path: string, body?: unknown, token: string | null = adminToken) =>
  callApiForJson(origin, token, method, path, body)
const historyOf = async (nodeId: string, token = adminToken, query = '') => {
  const answer = await call('GET', `/api/workflows/payouts/steps/${nodeId}/history${query}`, undefined, token)
  expect(answer.status).toBe(200)
  return answer.body as StepHistory
}

beforeAll(async () => {
  receiver = await startRecordingServer()
  receiver.reply = () => ({ status: 400, body: { error: 'account locked' } })
  dataDir = join(await mkdtemp(join(tmpdir(), 'conveyor-history-')), 'data')
  server = runServerProcess({
    CONVEYOR_DATA: dataDir,
    CONVEYOR_ADMIN_TOKEN: adminToken,
    CONVEYOR_ALLOW_HOSTS: '127.0.0.1',
  })
  origin = (await waitForUrl(server)).replace(/\/$/, '')
  expect((await call('POST', '/api/workflows', { document: payouts() })).status).toBe(201)
  const deployed = await call('POST', '/api/workflows/payouts/deployments')
  expect(deployed.status, JSON.stringify(deployed.body)).toBe(201)
})
afterAll(async () => {
  server.child.kill('SIGTERM')
  await server.exited
  await receiver.close()
  await rm(join(dataDir, '..'), { recursive: true, force: true })
})

describe("a step's history", () => {
  it('tells every switch of a step, the circuit breaker’s too, newest first, with who and why', async () => {
    expect((await historyOf('pay')).items).toEqual([])
    for (const n of [1, 2]) {
      expect((await call('POST', '/api/workflows/payouts/instances', { input: { n } })).status).toBe(201)
    }
    await vi.waitFor(
      async () =>
        expect((await call('GET', '/api/workflows/payouts/steps/pay/fallback')).body.manual).toBe(true),
      { timeout: 10_000, interval: 10 },
    )
    const back = { manual: false, reason: 'the vendor unlocked the account' }
    expect((await call('POST', '/api/workflows/payouts/steps/pay/fallback', back)).status).toBe(200)
    const again = { manual: true, reason: 'month-end freeze' }
    expect((await call('POST', '/api/workflows/payouts/steps/pay/fallback', again)).status).toBe(200)

    const viewer = (await call('POST', '/api/tokens', { name: 'vera', role: 'viewer' })).body.secret
    const { items } = await historyOf('pay', viewer)
    expect(items.map(({ by, action, text }) => ({ by, action, text }))).toEqual([
      { by: 'admin', action: 'step.switched-to-manual', text: 'Switched to manual: month-end freeze' },
      {
        by: 'admin',
        action: 'step.switched-to-automatic',
        text: 'Switched back to automatic: the vendor unlocked the account',
      },
      {
        by: 'Conveyor',
        action: 'step.switched-to-manual',
        text: expect.stringMatching(
          /^Switched itself to manual after 2 failed calls in a row \(the limit is 2\); the last: .*400/,
        ),
      },
    ])
    expect(items[0]!.seq).toBeGreaterThan(items[1]!.seq)
    expect(Date.parse(items[0]!.at)).toBeGreaterThan(0)
    expect((await historyOf('pay', adminToken, '?limit=1')).items).toHaveLength(1)
    // Another step's history holds none of them.
    expect((await historyOf('triage')).items).toEqual([])
  }, 60_000)

  it("tells an assisted step's autonomy changes with the figures at the time", async () => {
    const editor = (await call('POST', '/api/tokens', { name: 'eddie', role: 'editor' })).body.secret
    const set = await call(
      'POST',
      '/api/workflows/payouts/steps/triage/autonomy',
      { level: 'auto-apply', threshold: 0.95 },
      editor,
    )
    expect(set.status).toBe(200)
    const declined = await call(
      'POST',
      '/api/workflows/payouts/steps/triage/autonomy/decline',
      undefined,
      editor,
    )
    expect(declined.status).toBe(409)

    const [line] = (await historyOf('triage')).items
    expect(line).toMatchObject({
      by: 'eddie',
      action: 'autonomy.changed',
      text: 'Autonomy changed from Suggest to Auto-apply (confidence threshold 90% → 95%); no reviews yet',
    })
  })

  it('refuses an unknown workflow, an unknown step and a wrong limit, saying which', async () => {
    const noWorkflow = await call('GET', '/api/workflows/nowhere/steps/pay/history')
    expect(noWorkflow.status).toBe(404)
    expect(noWorkflow.body.error.message).toContain('nowhere')
    const noStep = await call('GET', '/api/workflows/payouts/steps/nothing/history')
    expect(noStep.status).toBe(404)
    expect(noStep.body.error.message).toContain('nothing')
    const limit = await call('GET', '/api/workflows/payouts/steps/pay/history?limit=0')
    expect(limit.status).toBe(400)
    expect(JSON.stringify(limit.body)).toContain('limit')
    expect((await call('GET', '/api/workflows/payouts/steps/pay/history', undefined, null)).status).toBe(401)
  })
})
