import { randomBytes } from 'node:crypto'
import { examples } from '@conveyor/examples'
import type { Task } from '@conveyor/shared/protocol/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Health } from '../service/types'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'
import { callApiForJson } from './test-support/api-calls'
import { orderOverLimit } from './test-support/fixtures'
import { startFullServer, type FullServer } from './test-support/full-server'
import { openTaskOf } from './test-support/open-task'
import { startStandInSystems, withStandIns, type StandInSystems } from './test-support/stand-in-systems'

/** order-to-cash under its own id (the seeded one stays), calling the stand-ins of its outside systems. */
const workflowId = 'order-to-cash-on-postgres'

let standIns: StandInSystems
let databaseUrl: string
const secretKey = randomBytes(32)

beforeAll(async () => {
  standIns = await startStandInSystems()
  databaseUrl = await freshPostgresDatabase()
})
afterAll(() => standIns.close())

function serve(url = databaseUrl): Promise<FullServer> {
  return startFullServer({ databaseUrl: url, secretKey, allowHosts: ['127.0.0.1'] })
}

/** Calls the server as its first admin. */
function caller(server: FullServer) {
  return (method: string, path: string, body?: unknown) =>
    callApiForJson(server.origin, server.adminToken, method, path, body)
}

async function startOrder(call: ReturnType<typeof caller>): Promise<{ instanceId: string; task: Task }> {
  const started = await call('POST', `/api/workflows/${workflowId}/instances`, orderOverLimit)
  expect(started.status).toBe(201)
  const instanceId = started.body.instance.id as string
  return { instanceId, task: await openTaskOf(call, instanceId) }
}

/** Approves the credit over HTTP, then waits for the instance to end (stock and invoicing run on). */
async function approveAndFinish(call: ReturnType<typeof caller>, instanceId: string, task: Task) {
  const data = { approvedLimit: 15_000, creditNote: 'Long-standing customer' }
  const done = await call('POST', `/api/tasks/${task.id}/complete`, { data })
  expect(done.status, JSON.stringify(done.body)).toBe(200)
  return expect
    .poll(async () => (await call('GET', `/api/instances/${instanceId}`)).body.status, { timeout: 10_000 })
    .toBe('completed')
}

describe('the runtime serving from PostgreSQL (CONVEYOR_DATABASE_URL)', () => {
  let waiting: { instanceId: string; task: Task }

  it('seeds the examples, runs an instance through a person’s task, counts it and keeps a verified audit chain', async () => {
    const server = await serve()
    try {
      const call = caller(server)
      const listed = await call('GET', '/api/workflows')
      expect(listed.body.items.map((workflow: { id: string }) => workflow.id).sort()).toEqual(
        examples.map((example) => example.document.id).sort(),
      )

      const example = examples.find((candidate) => candidate.slug === 'order-to-cash')!
      const document = { ...withStandIns(example.document, standIns.origin), id: workflowId }
      expect((await call('POST', '/api/workflows', { document })).status).toBe(201)
      expect((await call('POST', `/api/workflows/${workflowId}/deployments`)).status).toBe(201)

      const { instanceId, task } = await startOrder(call)
      await approveAndFinish(call, instanceId, task)

      const metrics = await call('GET', `/api/workflows/${workflowId}/metrics`)
      expect(metrics.body).toMatchObject({ completed: 1 })
      const verification = await call('GET', '/api/audit/verify')
      expect(verification.body).toMatchObject({ ok: true })
      expect(verification.body.checked).toBeGreaterThan(0)

      waiting = await startOrder(call)
    } finally {
      await server.close()
    }
  })

  it('after a restart on the same database, resumes the waiting instance without seeding again', async () => {
    const server = await serve()
    try {
      const call = caller(server)
      expect((await call('GET', '/api/workflows')).body.items).toHaveLength(examples.length + 1)
      const task = await openTaskOf(call, waiting.instanceId)
      expect(task.id).toBe(waiting.task.id)
      await approveAndFinish(call, waiting.instanceId, task)

      expect((await call('GET', `/api/workflows/${workflowId}/metrics`)).body).toMatchObject({ completed: 2 })
      expect((await call('GET', '/api/audit/verify')).body).toMatchObject({ ok: true })
    } finally {
      await server.close()
    }
  })

  it('starts two servers on one empty database at once: both serve, the examples are seeded once', async () => {
    const empty = await freshPostgresDatabase()
    const servers = await Promise.all([serve(empty), serve(empty)])
    try {
      const [first, second] = servers.map(caller)
      const ids = (await first!('GET', '/api/workflows')).body.items.map(
        (workflow: { id: string }) => workflow.id,
      )
      expect(ids.sort()).toEqual(examples.map((example) => example.document.id).sort())
      expect((await second!('GET', '/api/workflows')).body.items).toHaveLength(examples.length)
      // One first admin between them: the token given to both opens both.
      const admins = (await second!('GET', '/api/tokens')).body.items.filter(
        (token: { role: string }) => token.role === 'admin',
      )
      expect(admins).toHaveLength(1)
      const healthOf = async (server: FullServer) =>
        (await (await fetch(`${server.origin}/healthz`)).json()) as Health
      await expect
        .poll(
          async () => (await Promise.all(servers.map(healthOf))).map((health) => health.replica.partitions),
          {
            timeout: 20_000,
          },
        )
        .toEqual([32, 32])
      const [firstHealth, secondHealth] = await Promise.all(servers.map(healthOf))
      expect(firstHealth!.replica.id).not.toBe(secondHealth!.replica.id)
    } finally {
      await Promise.all(servers.map((server) => server.close()))
    }
  })
})
