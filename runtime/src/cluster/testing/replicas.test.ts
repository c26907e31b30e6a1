import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { freshPostgresDatabase } from '../../store/postgres/testing/fresh-database'
import {
  deployWorkflow,
  ReplicaRefusedError,
  startReplicas,
  type Replicas,
  type ReplicaStore,
} from './replicas'

const doubling = b.workflow(
  [
    b.trigger('start'),
    b.step('double', { automate: { connector: { kind: 'transform', expression: '{ "doubled": n * 2 }' } } }),
    b.end('done'),
  ],
  b.chain('start', 'double', 'done'),
  { id: 'doubling' },
)

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

describe('a SQLite data folder', () => {
  it('takes one process: a second is refused, saying which replica and why', async () => {
    const store = await storeFor('sqlite')
    const refusal = await startReplicas({ store, count: 2 }).then(
      (replicas) => replicas.stopAll(),
      (error: unknown) => error,
    )
    expect(refusal).toBeInstanceOf(ReplicaRefusedError)
    expect(String(refusal)).toContain(
      `Replica replica-1 was refused: Another Conveyor server is using the data folder ${(store as { dataDir: string }).dataDir}`,
    )
  }, 180_000)
})
