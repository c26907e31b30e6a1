import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { openTaskOf } from '../../http/test-support/open-task'
import { freshPostgresDatabase } from '../../store/postgres/testing/fresh-database'
import {
  deployWorkflow,
  ReplicaRefusedError,
  startReplicas,
  type Replicas,
  type ReplicaStore,
} from './replicas'

/**
 * What more replicas on a database one already serves do. While one server per database holds,
 * the second is refused; the day replicas share a database's work, this line becomes `'serves'`.
 */
const secondReplicaOnOneDatabase: 'refused' | 'serves' = 'serves'

const doubling = b.workflow(
  [
    b.trigger('start'),
    b.step('double', { automate: { connector: { kind: 'transform', expression: '{ "doubled": n * 2 }' } } }),
    b.end('done'),
  ],
  b.chain('start', 'double', 'done'),
  { id: 'doubling' },
)

const reviewed = b.workflow(
  [b.trigger('start'), b.humanStep('review'), b.end('done')],
  b.chain('start', 'review', 'done'),
  {
    id: 'reviewed',
  },
)

/** Starts an instance of `reviewed` through replica `i`; its id. */
async function startReviewThrough(replicas: Replicas, i: number): Promise<string> {
  const started = await replicas.call(i, 'POST', `/api/workflows/${reviewed.id}/instances`, { input: {} })
  expect(started.status, JSON.stringify(started.body)).toBe(201)
  return started.body.instance.id as string
}

/** Waits, asking replica `i`, for the instance to reach the status. */
function expectStatusThrough(replicas: Replicas, i: number, instanceId: string, status: string) {
  return expect
    .poll(async () => (await replicas.call(i, 'GET', `/api/instances/${instanceId}`)).body.status, {
      timeout: 20_000,
    })
    .toBe(status)
}

/**
 * Three replicas serving one instance's life between them: started through the first, its person's
 * task completed through the second, another instance cancelled through the third.
 */
async function expectThreeServeTogether(replicas: Replicas) {
  await deployWorkflow(replicas, doubling, 0)
  await deployWorkflow(replicas, reviewed, 0)
  await expectServesAStart(replicas, 1, 4)

  const completing = await startReviewThrough(replicas, 0)
  const task = await openTaskOf((method, path) => replicas.call(1, method, path), completing)
  const done = await replicas.call(1, 'POST', `/api/tasks/${task.id}/complete`, { data: {} })
  expect(done.status, JSON.stringify(done.body)).toBe(200)
  await expectStatusThrough(replicas, 2, completing, 'completed')

  const cancelling = await startReviewThrough(replicas, 0)
  await openTaskOf((method, path) => replicas.call(2, method, path), cancelling)
  const cancelled = await replicas.call(2, 'POST', `/api/instances/${cancelling}/cancel`, {
    reason: 'not needed',
  })
  expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200)
  await expectStatusThrough(replicas, 0, cancelling, 'cancelled')
}

/** Starts an instance through replica `i` over HTTP and waits, through the same replica, for it to complete. */
async function expectServesAStart(replicas: Replicas, i: number, n: number) {
  const started = await replicas.call(i, 'POST', `/api/workflows/${doubling.id}/instances`, { input: { n } })
  expect(started.status, JSON.stringify(started.body)).toBe(201)
  const instanceId = started.body.instance.id as string
  await expect
    .poll(async () => (await replicas.call(i, 'GET', `/api/instances/${instanceId}`)).body.status, {
      timeout: 20_000,
    })
    .toBe('completed')
  const detail = await replicas.call(i, 'GET', `/api/instances/${instanceId}`)
  expect(detail.body.data).toMatchObject({ n, doubled: n * 2 })
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function storeFor(kind: 'sqlite' | 'postgres'): Promise<ReplicaStore> {
  if (kind === 'postgres') return { databaseUrl: await freshPostgresDatabase() }
  const dataDir = await mkdtemp(join(tmpdir(), 'conveyor-replicas-'))
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
  return { dataDir }
}

describe.each(['sqlite', 'postgres'] as const)('one conveyor serve process on %s', (kind) => {
  it('serves an instance start over HTTP, and again after kill -9 and a restart on the same port', async () => {
    const replicas = await startReplicas({ store: await storeFor(kind), count: 1 })
    cleanups.push(() => replicas.stopAll())
    const health = await fetch(`${replicas.origin(0)}/healthz`)
    expect(await health.json()).toEqual({ ok: true, replica: { id: replicas.id(0), partitions: 64 } })
    await deployWorkflow(replicas, doubling)
    await expectServesAStart(replicas, 0, 21)
    const origin = replicas.origin(0)
    const firstPid = replicas.pid(0)

    await replicas.kill(0)
    expect(replicas.running(0)).toBe(false)
    await replicas.restart(0)
    expect(replicas.pid(0)).not.toBe(firstPid)
    expect(replicas.origin(0)).toBe(origin)
    await expectServesAStart(replicas, 0, 5)
  }, 180_000)
})

describe('several conveyor serve processes on one PostgreSQL database', () => {
  const title = {
    refused: 'a second replica is refused',
    serves:
      'three replicas serve instances together: started through one, finished or cancelled through others',
  }[secondReplicaOnOneDatabase]
  it(
    title,
    async () => {
      const store = await storeFor('postgres')
      const outcome = await startReplicas({ store, count: 3 }).then(
        async (replicas) => {
          try {
            await expectThreeServeTogether(replicas)
            return 'serves'
          } finally {
            await replicas.stopAll()
          }
        },
        (error: unknown) => {
          expect(error).toBeInstanceOf(ReplicaRefusedError)
          expect(String(error)).toContain(
            'Replica replica-1 was refused: Another Conveyor server is serving from this PostgreSQL database',
          )
          return 'refused'
        },
      )
      expect(outcome).toBe(secondReplicaOnOneDatabase)
    },
    180_000,
  )
})
