import { workflowBuilders as b } from '@conveyor/shared'
import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createConveyorService, type SqliteConveyorService } from '.'
import { partitionOf } from '../cluster/partitions'
import { listenerApplicationName } from '../store/postgres/notifications'
import { switchStepFallback } from '../store/repositories/step-fallback-rows'
import { openSqlDatabase } from '../store/sql'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'
import { startRecordingServer, type RecordingServer } from './test-support/recording-server'
import { waitForStatus, waitForTask } from './test-support/service-harness'

const secretKey = randomBytes(32)
const open: SqliteConveyorService[] = []
let receiver: RecordingServer

beforeAll(async () => {
  receiver = await startRecordingServer()
  // The pilot's payment API (under /v2/) is broken; the current one works.
  receiver.reply = (request) =>
    request.path.startsWith('/v2/')
      ? { status: 500, body: { error: 'broken' } }
      : { status: 200, body: { id: 'paid-1' } }
})
afterAll(() => receiver.close())
afterEach(async () => {
  await Promise.all(open.splice(0).map((service) => service.close()))
})

let databaseUrl = ''

/** Two replicas on one fresh PostgreSQL database, once each owns a share of the partitions. */
async function twoReplicas(): Promise<[SqliteConveyorService, SqliteConveyorService]> {
  databaseUrl = await freshPostgresDatabase()
  for (let i = 0; i < 2; i++) {
    const options = { databaseUrl, secretKey, allowPrivateHosts: ['127.0.0.1'], leaseMs: 3_000 }
    open.push(await createConveyorService(options))
  }
  for (const service of open) {
    await expect
      .poll(() => service.cluster.ownership.ownedParts().length, { timeout: 10_000 })
      .toBeGreaterThan(0)
  }
  return [open[0]!, open[1]!]
}

/** A payout through the vendor's API (of `version`); by hand, the payments desk pays. */
const payouts = (version = 'v1') =>
  b.workflow(
    [
      b.trigger('start'),
      b.step('pay', {
        automate: {
          connector: { kind: 'http', method: 'POST', url: `${receiver.url}/${version}/pay`, body: '{}' },
          retry: { maxAttempts: 1, initialDelay: '1s' },
        },
        output: '{ "reference": result.id }',
        fallback: { lane: 'payments' },
      }),
      b.end('done'),
      b.exception('pay-failed', 'pay'),
      b.end('not-paid', 'failed'),
    ],
    [...b.chain('start', 'pay', 'done'), b.edge('pay-failed', 'not-paid')],
    {
      id: 'payouts',
      lanes: [{ id: 'payments', name: 'Payments desk' }],
      deploysNeedApproval: false,
      // The breaker would hand the pilot's failing calls to people before its guardrail is judged.
      circuitBreaker: { failuresInARow: 100 },
    },
  )

const split = (label: string) =>
  b.workflow(
    [b.trigger('start'), b.step('note', { label }), b.end('done')],
    b.chain('start', 'note', 'done'),
    {
      id: 'split',
      deploysNeedApproval: false,
    },
  )

/** Tickets classified by the assistant, a person reviewing; promotion is proposed after two reviews. */
const triage = b.workflow(
  [
    b.trigger('start'),
    b.step('classify', {
      mode: 'augment',
      lane: 'operations',
      augment: {
        assistant: {
          produces: 'classification',
          instructions: 'Which team handles this ticket?',
          labels: ['billing', 'technical'],
          field: 'team',
          sees: ['subject'],
        },
        form: {
          fields: [
            { id: 'team', label: 'Team', type: 'select', options: ['billing', 'technical'], required: true },
          ],
        },
        autonomy: { promotion: { accuracy: 0, minReviewed: 2 } },
      },
    }),
    b.end('done'),
  ],
  b.chain('start', 'classify', 'done'),
  { id: 'triage', lanes: [{ id: 'operations', name: 'Operations' }], deploysNeedApproval: false },
)

describe('policies on replicas sharing one PostgreSQL database', () => {
  it('judges a step’s verdicts from both replicas on the workflow’s owner: one proposal', async () => {
    const replicas = await twoReplicas()
    await replicas[0].createWorkflow(triage)
    const deployed = await replicas[0].deploy('triage')
    expect(deployed.ok, JSON.stringify(deployed)).toBe(true)
    const tasks = await Promise.all(
      replicas.flatMap((service) =>
        [1, 2, 3].map(async (n) => {
          const started = await service.startInstance({
            workflowId: 'triage',
            input: { subject: `refund ${n}` },
          })
          return { service, task: await waitForTask(service, started.instance.id, 'classify') }
        }),
      ),
    )
    // Every verdict at once, each on the replica that started its item.
    await Promise.all(
      tasks.map(({ service, task }) => service.completeTask(task.id, { data: { team: 'billing' } })),
    )
    for (const service of replicas) {
      await expect
        .poll(async () => (await service.getStepAutonomy('triage', 'classify')).proposal?.level)
        .toBe('auto-apply')
    }
    const proposed = await replicas[1].listAudit({ workflowId: 'triage', action: 'autonomy.proposed' })
    expect(proposed.items).toHaveLength(1)
  })

  it('a step switched to manual on one replica makes a task, not a call, on the other', async () => {
    const [a, other] = await twoReplicas()
    await a.createWorkflow(payouts())
    await a.deploy('payouts')
    const called = await other.startInstance({ workflowId: 'payouts' })
    await waitForStatus(other, called.instance.id, ['completed'])
    expect(receiver.requests).toHaveLength(1)

    await a.setStepFallback('payouts', 'pay', { manual: true, reason: 'the vendor is down' })
    // One wake-up later the other replica holds the switch.
    await expect.poll(async () => (await other.getStepFallback('payouts', 'pay')).manual).toBe(true)
    const byHand = await other.startInstance({ workflowId: 'payouts' })
    const task = await waitForTask(other, byHand.instance.id, 'pay')
    expect(task.lane).toBe('payments')
    expect(receiver.requests).toHaveLength(1)
  })

  it('rolls back a pilot once on the workflow’s owner when its items fail on the other replica', async () => {
    const [a, other] = await twoReplicas()
    await a.createWorkflow(payouts())
    await a.deploy('payouts')
    await a.updateWorkflow('payouts', payouts('v2'))
    const pilot = { share: 1, minItems: 3, guardrails: [{ metric: 'errorRate' as const, max: 0.2 }] }
    await a.requestDeploy('payouts', undefined, { pilot })
    const owner = [a, other].find((service) => service.cluster.ownership.owns(partitionOf('payouts')))
    // Items start and end on a replica that does not own the workflow, whose guard leaves them to the owner.
    const elsewhere = owner === a ? other : a
    await expect
      .poll(async () => (await elsewhere.listPilots('payouts')).map((p) => p.state))
      .toEqual(['running'])
    for (let i = 0; i < 3; i++) {
      const started = await elsewhere.startInstance({ workflowId: 'payouts' })
      expect(started.instance.version).toBe(2)
      await waitForStatus(elsewhere, started.instance.id, ['failed'])
    }
    await expect
      .poll(async () => (await elsewhere.listPilots('payouts')).map((p) => p.state), { timeout: 10_000 })
      .toEqual(['rolled-back'])
    const breaches = await a.listAudit({ workflowId: 'payouts', action: 'pilot.breached' })
    expect(breaches.items).toHaveLength(1)
  })

  it('reloads every policy once its wake-up connection is back, as wake-ups sent meanwhile are lost', async () => {
    const [a, other] = await twoReplicas()
    await a.createWorkflow(payouts())
    await a.deploy('payouts')
    const sql = await openSqlDatabase({ url: databaseUrl, poolSize: 1 })
    try {
      // Switched in the store with no wake-up at all: only a reload after reconnecting can see it.
      const { sql: text, params } = switchStepFallback({
        ...{ workflow_id: 'payouts', node_id: 'pay', manual: 1 },
        ...{ since: Date.now(), by: 'ops', reason: 'the vendor is down' },
      })
      await sql.run(text, params)
      expect((await other.getStepFallback('payouts', 'pay')).manual).toBe(false)
      await sql.all(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()',
        [listenerApplicationName],
      )
      for (const service of [a, other]) {
        await expect.poll(async () => (await service.getStepFallback('payouts', 'pay')).manual).toBe(true)
      }
    } finally {
      await sql.close()
    }
  })

  it('a pilot rolled back on one replica gets no new start on the other', async () => {
    const [a, other] = await twoReplicas()
    await a.createWorkflow(split('current'))
    await a.deploy('split')
    await a.updateWorkflow('split', split('pilot'))
    const pilot = { share: 1, guardrails: [{ metric: 'errorRate' as const, max: 0.5 }] }
    await a.requestDeploy('split', undefined, { pilot })
    await expect.poll(async () => (await other.listPilots('split')).map((p) => p.state)).toEqual(['running'])
    const toPilot = await other.startInstance({ workflowId: 'split' })
    expect(toPilot.instance.version).toBe(2)

    await a.rollBackPilot('split', 2, { reason: 'seen enough' })
    await expect
      .poll(async () => (await other.listPilots('split')).map((p) => p.state))
      .toEqual(['rolled-back'])
    const afterRollback = await other.startInstance({ workflowId: 'split' })
    expect(afterRollback.instance.version).toBe(1)
  })
})
