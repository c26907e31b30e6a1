import { workflowBuilders as b } from '@conveyor/shared'
import { randomBytes } from 'node:crypto'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { allPartitions, partitionOf } from '../cluster/partitions'
import { createConveyorService, type SqliteConveyorService } from '../service'
import { startRecordingServer, type RecordingServer } from '../service/test-support/recording-server'
import { waitForStatus, waitForTask } from '../service/test-support/service-harness'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'
import { NotOwnedError } from './not-owned-error'

const hour = 3_600_000
const secretKey = randomBytes(32)
const highHalf = allPartitions.filter((part) => part >= 32)

let databaseUrl: string
let offset = 0
const opened: SqliteConveyorService[] = []
let server: RecordingServer | undefined

beforeAll(async () => {
  databaseUrl = await freshPostgresDatabase()
})

afterEach(async () => {
  for (const service of opened.splice(0)) await service.close()
  await server?.close()
  server = undefined
})

/**
 * A replica on the shared database whose partitions the test hands out (gains and losses as a
 * lease keeper reports them), on a clock the test moves. Its engine owns nothing until told.
 */
async function replica(): Promise<SqliteConveyorService> {
  const service = await createConveyorService({
    databaseUrl,
    secretKey,
    runWorkflows: false,
    allowPrivateHosts: ['127.0.0.1'],
    now: () => Date.now() + offset,
  })
  opened.push(service)
  return service
}

async function gain(service: SqliteConveyorService, parts: readonly number[]): Promise<void> {
  for (const part of parts) service.cluster.ownershipEvents.onGained(part, 1)
  await service.engine.resumed()
}

function lose(service: SqliteConveyorService, parts: readonly number[]): Promise<void> {
  return service.cluster.ownershipEvents.onLost([...parts], 'rebalanced')
}

/** A workflow under a fresh id (the database is shared by the file's tests). */
async function deploy(
  service: SqliteConveyorService,
  document: ReturnType<typeof b.workflow>,
): Promise<string> {
  const id = `wf-${randomBytes(4).toString('hex')}`
  await service.createWorkflow({ ...document, id, name: id })
  await service.deploy(id)
  return id
}

/** Start → a one-hour delay → done. */
function delayOfAnHour() {
  return b.workflow(
    [
      b.trigger('start'),
      b.step('wait', { automate: { connector: { kind: 'delay', duration: '1h' } } }),
      b.end('done'),
    ],
    b.chain('start', 'wait', 'done'),
  )
}

/** Starts instances until each half of the partitions has `each` of them. */
async function startInBothHalves(service: SqliteConveyorService, workflowId: string, each: number) {
  const low: string[] = []
  const high: string[] = []
  while (low.length < each || high.length < each) {
    const { instance } = await service.startInstance({ workflowId })
    ;(partitionOf(instance.id) < 32 ? low : high).push(instance.id)
  }
  return { low, high }
}

async function countRows(service: SqliteConveyorService, sql: string, params: string[]): Promise<number> {
  const row = await service.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${sql}`, params)
  return Number(row?.n)
}

describe('an engine acts only on the partitions its replica owns (two replicas, one PostgreSQL)', () => {
  it('fires only its own partitions’ timers, and every timer fires once across both', async () => {
    const a = await replica()
    const bReplica = await replica()
    await gain(a, allPartitions)
    const workflowId = await deploy(a, delayOfAnHour())
    const { low, high } = await startInBothHalves(a, workflowId, 3)
    for (const id of [...low, ...high]) await waitForStatus(a, id, ['waiting'])

    await lose(a, highHalf)
    await gain(bReplica, highHalf)
    offset += 2 * hour
    await a.engine.timers.tick()
    await a.engine.committed()
    for (const id of low) expect((await a.getInstance(id)).status).toBe('completed')
    for (const id of high) expect((await a.getInstance(id)).status).toBe('waiting')

    await bReplica.engine.timers.tick()
    for (const id of high) await waitForStatus(bReplica, id, ['completed'])
    for (const id of [...low, ...high]) {
      const done = await countRows(
        a,
        "events WHERE instance_id = ? AND type = 'STEP_DONE' AND node_id = 'wait'",
        [id],
      )
      expect(done).toBe(1)
      const fired = await countRows(a, "timers WHERE instance_id = ? AND status = 'fired'", [id])
      expect(fired).toBe(1)
    }
  })

  it('hands a lost partition’s work to its next owner: the old call’s late answer changes nothing', async () => {
    server = await startRecordingServer()
    const a = await replica()
    const bReplica = await replica()
    await gain(a, allPartitions)
    const workflowId = await deploy(
      a,
      b.workflow(
        [
          b.trigger('start'),
          b.step('call', {
            automate: { connector: { kind: 'http', method: 'POST', url: `${server.url}/call` } },
          }),
          b.end('done'),
        ],
        b.chain('start', 'call', 'done'),
      ),
    )
    // The first call answers only after the partition has moved on.
    server.reply = (request) =>
      server!.requests.indexOf(request) === 0
        ? { status: 200, body: { by: 'first' }, delayMs: 300 }
        : { status: 200, body: { by: 'next owner' } }
    const { instance } = await a.startInstance({ workflowId })
    await expect.poll(() => server!.requests.length).toBe(1)
    const calling = a.engine.live(instance.id)!
    expect(calling.busy).toBe(1)

    const part = partitionOf(instance.id)
    await lose(a, [part])
    expect(a.engine.live(instance.id)).toBeUndefined()
    await gain(bReplica, [part])
    const done = await waitForStatus(bReplica, instance.id, ['completed'])
    expect(done.data).toMatchObject({ by: 'next owner' })
    expect(server.requests.map((request) => request.idempotencyKey)).toEqual([
      `${instance.id}:call:1`,
      `${instance.id}:call:1`,
    ])
    // The first call's work is over once its answer came (after the loss) and was not acted on.
    await expect.poll(() => calling.busy, { timeout: 5_000 }).toBe(0)
    await a.engine.committed()
    expect(
      await countRows(a, "events WHERE instance_id = ? AND type = 'STEP_DONE' AND node_id = 'call'", [
        instance.id,
      ]),
    ).toBe(1)
  })

  it('refuses a task action, a cancel and a start on a partition it lost; the new owner takes them', async () => {
    const a = await replica()
    const bReplica = await replica()
    await gain(a, allPartitions)
    const workflowId = await deploy(
      a,
      b.workflow(
        [b.trigger('start'), b.humanStep('approve'), b.end('done')],
        b.chain('start', 'approve', 'done'),
      ),
    )
    const { instance } = await a.startInstance({ workflowId })
    const task = await waitForTask(a, instance.id, 'approve')
    const part = partitionOf(instance.id)

    await lose(a, allPartitions)
    await gain(bReplica, allPartitions)
    expect(a.engine.live(instance.id)).toBeUndefined()
    await expect(a.completeTask(task.id, { by: 'user:ann' })).rejects.toBeInstanceOf(NotOwnedError)
    await expect(a.releaseTask(task.id)).rejects.toMatchObject({ code: 'unavailable', part })
    await expect(a.cancelInstance(instance.id)).rejects.toBeInstanceOf(NotOwnedError)
    await expect(a.startInstance({ workflowId })).rejects.toBeInstanceOf(NotOwnedError)

    await bReplica.completeTask(task.id, { by: 'user:ann' })
    expect((await waitForStatus(bReplica, instance.id, ['completed'])).status).toBe('completed')
    expect(
      await countRows(a, "events WHERE instance_id = ? AND type = 'task.completed'", [instance.id]),
    ).toBe(1)
  })

  it('hands over to people only its own partitions’ items waiting for a retry when a step is switched to manual', async () => {
    server = await startRecordingServer()
    server.reply = () => ({ status: 503 })
    const a = await replica()
    const bReplica = await replica()
    await gain(a, allPartitions)
    const workflowId = await deploy(
      a,
      b.workflow(
        [
          b.trigger('start'),
          b.step('call', {
            automate: {
              connector: { kind: 'http', method: 'POST', url: `${server.url}/call` },
              retry: { maxAttempts: 3, initialDelay: '1h' },
            },
            fallback: {
              lane: 'desk',
              form: { fields: [{ id: 'reference', label: 'Reference', type: 'text', required: true }] },
            },
          }),
          b.end('done'),
        ],
        b.chain('start', 'call', 'done'),
        { lanes: [{ id: 'desk', name: 'Desk' }] },
      ),
    )
    const { low, high } = await startInBothHalves(a, workflowId, 3)
    const retries = (id: string) =>
      countRows(a, "timers WHERE instance_id = ? AND kind = 'retry' AND status = 'pending'", [id])
    for (const id of [...low, ...high]) await expect.poll(() => retries(id)).toBe(1)
    await lose(a, highHalf)
    await gain(bReplica, highHalf)

    await a.setStepFallback(workflowId, 'call', { manual: true, reason: 'vendor down' })
    for (const id of low) await waitForTask(a, id, 'call')
    // The same pass left the other replica's items alone: their retry timers hand them over there.
    for (const id of high) {
      expect(await retries(id)).toBe(1)
      expect((await a.listTasks({ instanceId: id })).items).toEqual([])
    }
  })

  it('hands half the partitions’ instances to a second replica as their leases move, each timer firing once', async () => {
    // Replicas that run workflows: their lease keepers share the 64 partitions.
    const running = (replicaId: string) =>
      createConveyorService({
        databaseUrl,
        secretKey,
        replicaId,
        leaseMs: 3_000,
        now: () => Date.now() + offset,
      })
    const a = await running('replica-a')
    opened.push(a)
    const workflowId = await deploy(a, delayOfAnHour())
    const { low, high } = await startInBothHalves(a, workflowId, 3)
    const ids = [...low, ...high]
    for (const id of ids) await waitForStatus(a, id, ['waiting'])

    const bReplica = await running('replica-b')
    opened.push(bReplica)
    const ownsOf = (service: SqliteConveyorService, id: string) =>
      service.cluster.ownership.owns(partitionOf(id))
    await expect.poll(() => bReplica.cluster.ownership.ownedParts().length, { timeout: 20_000 }).toBe(32)
    await bReplica.engine.resumed()
    // Each instance is held by its owner only, and the other refuses it.
    for (const id of ids) {
      const [owner, other] = ownsOf(a, id) ? [a, bReplica] : [bReplica, a]
      expect(ownsOf(other, id)).toBe(false)
      expect(() => other.engine.assertOwns(id)).toThrow(NotOwnedError)
      expect(other.engine.live(id)).toBeUndefined()
      expect(ownsOf(owner, id)).toBe(true)
    }

    offset += 2 * hour
    await Promise.all([a.engine.timers.tick(), bReplica.engine.timers.tick()])
    for (const id of ids) {
      await waitForStatus(a, id, ['completed'])
      expect(
        await countRows(a, "events WHERE instance_id = ? AND type = 'STEP_DONE' AND node_id = 'wait'", [id]),
      ).toBe(1)
    }
  })
})
