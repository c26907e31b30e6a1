import { randomBytes, randomUUID } from 'node:crypto'
import { workflowBuilders as b } from '@conveyor/shared'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { partitionOf } from '../cluster/partitions'
import { toApiError } from '../http/error-handler'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'
import { insertCommand } from '../store/repositories/command-rows'
import { createConveyorService, type SqliteConveyorService } from '.'
import { ConflictError } from './errors'
import { waitForStatus, waitForTask } from './test-support/service-harness'
import type { TaskActor } from './types'

const secretKey = randomBytes(32)
const alice: TaskActor = { name: 'alice', actor: 'user:alice', mayActForOthers: false }
const bob: TaskActor = { name: 'bob', actor: 'user:bob', mayActForOthers: false }

let url: string
const replicas: SqliteConveyorService[] = []

beforeEach(async () => {
  url = await freshPostgresDatabase()
})
afterEach(async () => {
  await Promise.all(replicas.splice(0).map((replica) => replica.close()))
})

/** Replicas on one database, each with its own leases and wake-ups, once they share the 64 partitions. */
async function replicasOf(...ids: string[]): Promise<SqliteConveyorService[]> {
  const started: SqliteConveyorService[] = []
  for (const replicaId of ids) {
    const replica = await createConveyorService({ databaseUrl: url, secretKey, replicaId, leaseMs: 3_000 })
    replicas.push(replica)
    started.push(replica)
  }
  await sharedOut(started)
  return started
}

/** Waits until every partition is owned and each replica holds its share. */
async function sharedOut(among: SqliteConveyorService[]): Promise<void> {
  await vi.waitFor(
    () => {
      const owned = among.map((replica) => replica.cluster.ownership.ownedParts().length)
      expect(owned.reduce((sum, n) => sum + n, 0)).toBe(64)
      for (const n of owned) expect(n).toBeGreaterThanOrEqual(Math.floor(64 / among.length))
    },
    { timeout: 20_000, interval: 50 },
  )
}

async function deployReview(on: SqliteConveyorService): Promise<void> {
  await on.createWorkflow(
    b.workflow(
      [
        b.trigger('start'),
        b.trigger('hook', { start: { kind: 'webhook' } }),
        b.humanStep('review', {
          human: { form: { fields: [{ id: 'ok', label: 'OK', type: 'boolean', required: true }] } },
        }),
        b.end('done'),
      ],
      [...b.chain('start', 'review', 'done'), b.edge('hook', 'review')],
    ),
  )
  const deployed = await on.deploy('test-workflow')
  if (!deployed.ok) throw new Error(JSON.stringify(deployed.diagnostics))
}

/** A task waiting on an instance started on `owner`, which therefore owns the instance's partition. */
async function taskOwnedBy(owner: SqliteConveyorService) {
  const { instance } = await owner.startInstance({ workflowId: 'test-workflow' })
  expect(owner.cluster.ownership.owns(partitionOf(instance.id))).toBe(true)
  return waitForTask(owner, instance.id, 'review')
}

interface CommandRow {
  kind: string
  status: string
  claimed_by: string | null
}

const commands = (replica: SqliteConveyorService) =>
  replica.sql.all<CommandRow>('SELECT kind, status, claimed_by FROM commands ORDER BY created_at')

const completions = async (replica: SqliteConveyorService, instanceId: string) =>
  (
    await replica.sql.all<{ type: string }>(
      "SELECT type FROM events WHERE instance_id = ? AND type = 'task.completed'",
      [instanceId],
    )
  ).length

describe('requests that reach a replica which does not own the instance', () => {
  it('has the owner complete a task completed through another replica, once', async () => {
    const [a, b] = await replicasOf('a', 'b')
    await deployReview(a!)
    const task = await taskOwnedBy(a!)
    expect(b!.cluster.ownership.owns(partitionOf(task.instanceId))).toBe(false)

    const done = await b!.completeTask(task.id, { data: { ok: true } }, alice)

    expect(done).toMatchObject({ status: 'completed', completedBy: 'user:alice', result: { ok: true } })
    expect(await commands(a!)).toEqual([{ kind: 'task.complete', status: 'done', claimed_by: 'a' }])
    expect(await completions(a!, task.instanceId)).toBe(1)
    await waitForStatus(b!, task.instanceId, ['completed'])
  })

  it('starts one instance for one idempotency key sent to three replicas at once', async () => {
    const three = await replicasOf('a', 'b', 'c')
    await deployReview(three[0]!)
    const request = { workflowId: 'test-workflow', input: { order: 7 }, idempotencyKey: 'order-7' }

    const results = await Promise.all(three.map((replica) => replica.startInstance(request)))

    const [id] = new Set(results.map((result) => result.instance.id))
    expect(results.map((result) => result.instance.id)).toEqual([id, id, id])
    expect(results.filter((result) => result.created)).toHaveLength(1)
    expect((await three[1]!.listInstances({ workflowId: 'test-workflow' })).items).toHaveLength(1)
    // The two that do not own the key's partition handed their start to the one that does.
    const owner = three.find((replica) => replica.cluster.ownership.owns(partitionOf(id!)))!
    expect(await commands(owner)).toEqual([
      { kind: 'instance.start-keyed', status: 'done', claimed_by: owner.cluster.replicaId },
      { kind: 'instance.start-keyed', status: 'done', claimed_by: owner.cluster.replicaId },
    ])
  })

  it('starts one instance for one webhook delivery made to three replicas at once', async () => {
    const three = await replicasOf('a', 'b', 'c')
    await deployReview(three[0]!)
    const delivery = { workflowId: 'test-workflow', triggerId: 'hook', deliveryId: 'msg_1', payload: {} }

    const results = await Promise.all(three.map((replica) => replica.startFromWebhook(delivery)))

    const ids = results.map((result) => result.instance.id)
    expect(new Set(ids).size).toBe(1)
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1)
    expect((await three[2]!.listInstances({ workflowId: 'test-workflow' })).items).toHaveLength(1)
  })

  it('hands a start without a key to an owner while this replica owns no partition', async () => {
    const [a, b] = await replicasOf('a', 'b')
    await deployReview(b!)
    // The replica stays up, serving requests, while every partition goes to the other.
    await a!.cluster.ownership.stop()
    await vi.waitFor(() => expect(b!.cluster.ownership.ownedParts()).toHaveLength(64), {
      timeout: 20_000,
      interval: 50,
    })

    const { instance, created } = await a!.startInstance({ workflowId: 'test-workflow' })

    expect(created).toBe(true)
    expect(await commands(b!)).toEqual([{ kind: 'instance.start', status: 'done', claimed_by: 'b' }])
    await waitForTask(b!, instance.id, 'review')
  })

  it('has the owner cancel an instance cancelled through another replica', async () => {
    const [a, b] = await replicasOf('a', 'b')
    await deployReview(a!)
    const task = await taskOwnedBy(a!)

    const cancelled = await b!.cancelInstance(task.instanceId, { reason: 'ordered twice', by: 'user:olga' })

    expect(cancelled).toMatchObject({ id: task.instanceId, status: 'cancelled' })
    expect(await commands(a!)).toEqual([{ kind: 'instance.cancel', status: 'done', claimed_by: 'a' }])
    expect(await b!.getTask(task.id)).toMatchObject({ status: 'cancelled' })
  })

  it('answers through the other replica with the owner’s refusal, as the same error', async () => {
    const [a, b] = await replicasOf('a', 'b')
    await deployReview(a!)
    const task = await taskOwnedBy(a!)
    await a!.completeTask(task.id, { data: { ok: true } }, alice)

    const refused = await b!
      .completeTask(task.id, { data: { ok: false } }, bob)
      .catch((error: unknown) => error)

    expect(refused).toBeInstanceOf(ConflictError)
    expect(refused).toMatchObject({ reason: 'task_closed', details: { status: 'completed' } })
    expect(toApiError(refused)?.status).toBe(409)
    // The same completion asked again is refused too: only a command run again after a takeover is let off.
    await expect(b!.completeTask(task.id, { data: { ok: true } }, alice)).rejects.toBeInstanceOf(
      ConflictError,
    )
    expect(await completions(a!, task.instanceId)).toBe(1)
  })
})

describe('a command whose owner stopped in the middle of it', () => {
  /** A completion of the task by alice, as the service sends it. */
  const completionOf = (taskId: string) => ({
    kind: 'task.complete',
    payload: { taskId, completion: { data: { ok: true }, by: 'user:alice' }, actingAs: alice },
  })

  /** A command claimed by `a` at the epoch it holds the instance's partition: as if `a` were running it. */
  async function claimedBy(
    a: SqliteConveyorService,
    instanceId: string,
    command: { kind: string; payload: unknown },
  ): Promise<string> {
    const id = randomUUID()
    const part = partitionOf(instanceId)
    const insert = insertCommand({
      id,
      part,
      kind: command.kind,
      payload: JSON.stringify(command.payload),
      at: Date.now(),
    })
    await a.sql.run(insert.sql, insert.params)
    await a.sql.run('UPDATE commands SET claimed_by = ?, claimed_epoch = ?, claimed_at = ? WHERE id = ?', [
      'a',
      a.cluster.ownership.epochOf(part)!,
      Date.now(),
      id,
    ])
    return id
  }

  const outcomeOf = (replica: SqliteConveyorService, id: string) =>
    vi.waitFor(
      async () => {
        const row = await replica.sql.get<{ status: string; claimed_by: string; result: string | null }>(
          'SELECT status, claimed_by, result FROM commands WHERE id = ?',
          [id],
        )
        expect(row?.status).not.toBe('pending')
        return row
      },
      { timeout: 20_000, interval: 50 },
    )

  it('is run by the next owner when the first stopped before applying it', async () => {
    const [a, b] = await replicasOf('a', 'b')
    await deployReview(a!)
    const task = await taskOwnedBy(a!)
    const id = await claimedBy(a!, task.instanceId, completionOf(task.id))

    await a!.close()

    expect(await outcomeOf(b!, id)).toEqual({ status: 'done', claimed_by: 'b', result: 'null' })
    expect(await b!.getTask(task.id)).toMatchObject({ status: 'completed', completedBy: 'user:alice' })
    expect(await completions(b!, task.instanceId)).toBe(1)
    await waitForStatus(b!, task.instanceId, ['completed'])
  })

  it('answers as its first run did when the first owner applied it but stopped before storing the outcome', async () => {
    const [a, b] = await replicasOf('a', 'b')
    await deployReview(a!)
    const task = await taskOwnedBy(a!)
    const id = await claimedBy(a!, task.instanceId, completionOf(task.id))
    // The change the command asks for, committed on its owner; its outcome never stored.
    await a!.completeTask(task.id, { data: { ok: true } }, alice)

    await a!.close()

    expect(await outcomeOf(b!, id)).toEqual({ status: 'done', claimed_by: 'b', result: 'null' })
    expect(await completions(b!, task.instanceId)).toBe(1)
  })

  it('leaves a claim made since a release it had applied when run again', async () => {
    const [a, b] = await replicasOf('a', 'b')
    await deployReview(a!)
    const task = await taskOwnedBy(a!)
    await a!.claimTask(task.id, alice)
    const asked = Date.now()
    const id = await claimedBy(a!, task.instanceId, {
      kind: 'task.release',
      payload: { taskId: task.id, by: alice.actor, actingAs: alice, at: asked },
    })
    // The release the command asks for, committed on its owner; then bob takes the task.
    await a!.releaseTask(task.id, alice)
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(asked))
    await a!.claimTask(task.id, bob)

    await a!.close()

    expect(await outcomeOf(b!, id)).toEqual({ status: 'done', claimed_by: 'b', result: 'null' })
    expect(await b!.getTask(task.id)).toMatchObject({ status: 'claimed', assignee: 'bob' })
  })
})
