import { randomBytes } from 'node:crypto'
import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'
import { partitionOf } from '../cluster/partitions'
import { createConveyorService, type SqliteConveyorService } from '.'

const secretKey = randomBytes(32)
const running: SqliteConveyorService[] = []
afterEach(async () => {
  for (const service of running.splice(0)) await service.close()
})

async function replica(databaseUrl: string, replicaId: string) {
  const service = await createConveyorService({ databaseUrl, secretKey, replicaId, leaseMs: 3_000 })
  running.push(service)
  return service
}

async function until(check: () => boolean, what: string, withinMs = 20_000) {
  const deadline = Date.now() + withinMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('replicas of the service on one PostgreSQL database', () => {
  it('share the partitions by leases, and take a stopped replica’s back', async () => {
    const databaseUrl = await freshPostgresDatabase()
    const first = await replica(databaseUrl, 'replica-a')
    expect(first.cluster.replicaId).toBe('replica-a')
    expect(first.cluster.ownership.ownedParts()).toHaveLength(64)
    expect(first.health()).toEqual({ ok: true, replica: { id: 'replica-a', partitions: 64 } })

    const second = await replica(databaseUrl, 'replica-b')
    const owned = () => [first, second].map((service) => service.cluster.ownership.ownedParts())
    await until(() => owned()[0]!.length === 32 && owned()[1]!.length === 32, 'each owns its half')
    const [a, b] = owned()
    expect(a!.filter((part) => b!.includes(part))).toEqual([])

    const metrics = await first.renderPrometheusMetrics()
    expect(metrics).toContain('conveyor_replica_partitions{replica="replica-a"} 32')
    expect(metrics).toContain(
      'conveyor_replica_partitions_lost_total{replica="replica-a",reason="rebalanced"} 32',
    )
    expect(metrics).toContain('conveyor_partitions_unheld{} 0')

    await second.close()
    running.splice(running.indexOf(second), 1)
    await until(() => first.cluster.ownership.ownedParts().length === 64, 'the first owns all again')
    expect(await first.renderPrometheusMetrics()).toContain(
      'conveyor_replica_partitions_gained_total{replica="replica-a"} 96',
    )
  })

  it('hands a fail-stopped replica’s partitions to the others, which finish its waiting work', async () => {
    const databaseUrl = await freshPostgresDatabase()
    const first = await replica(databaseUrl, 'replica-a')
    const second = await replica(databaseUrl, 'replica-b')
    await until(() => second.cluster.ownership.ownedParts().length === 32, 'the second owns its half')
    for (const id of ['short-wait', 'doomed']) {
      await first.createWorkflow(
        b.workflow(
          [
            b.trigger('by-hand'),
            b.step('wait', { automate: { connector: { kind: 'delay', duration: '2s' } } }),
            b.end('done'),
          ],
          b.chain('by-hand', 'wait', 'done'),
          { id },
        ),
      )
      await first.deploy(id)
    }
    // Started without a key, it takes an id in a partition of the replica it was started on.
    const { instance } = await first.startInstance({ workflowId: 'short-wait', trigger: 'by-hand' })
    expect(first.cluster.ownership.ownedParts()).toContain(partitionOf(instance.id))

    await first.sql.run(`CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.workflow_id = 'doomed' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`)
    await first.sql.run(`CREATE TRIGGER injected_fault BEFORE INSERT ON events
      FOR EACH ROW EXECUTE FUNCTION injected_fault()`)
    await expect(first.startInstance({ workflowId: 'doomed', trigger: 'by-hand' })).rejects.toThrow(
      'injected fault',
    )
    expect(first.health()).toMatchObject({ ok: false, reason: expect.stringMatching(/injected fault/) })

    await until(() => second.cluster.ownership.ownedParts().length === 64, 'the second owns every partition')
    expect(first.cluster.ownership.ownedParts()).toEqual([])
    await expect
      .poll(async () => (await second.getInstance(instance.id)).status, { timeout: 20_000 })
      .toBe('completed')
  })

  it('takes no partition in a process that only administers the store', async () => {
    const databaseUrl = await freshPostgresDatabase()
    const admin = await createConveyorService({ databaseUrl, secretKey, runWorkflows: false })
    running.push(admin)
    expect(admin.cluster.ownership.ownedParts()).toEqual([])
    expect(admin.cluster.listener).toBeUndefined()
    const server = await replica(databaseUrl, 'replica-a')
    expect(server.cluster.ownership.ownedParts()).toHaveLength(64)
  })
})
