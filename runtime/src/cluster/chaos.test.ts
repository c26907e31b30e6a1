import { workflowBuilders as b } from '@conveyor/shared'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startRecordingServer, type RecordingServer } from '../service/test-support/recording-server'
import { startThrowawayCluster, type ThrowawayCluster } from '../store/postgres/testing/throwaway-cluster'
import { forEachAtMost, pause, runKiller, sendToAnyReplica, type ChaosLog } from './test-support/chaos-driver'
import { deployWorkflow, startReplicas, type Replicas } from './testing/replicas'

/**
 * Three replicas on one PostgreSQL database do real work (timers, people's tasks, calls to another
 * system) while replicas are killed with SIGKILL and PostgreSQL restarts; afterwards the database
 * must show every acknowledged start finished, exactly once. The default size fits the normal run;
 * `CHAOS_FULL=1` runs the full size (2,000 instances, 10 kills).
 */
const full = process.env.CHAOS_FULL === '1'
const size = full ? { instances: 2_000, kills: 10, inFlight: 40 } : { instances: 200, kills: 3, inFlight: 20 }

// A cluster of this file's own: restarting the one the other test files share would cut them off.
let cluster: ThrowawayCluster | undefined
let receiver: RecordingServer | undefined
let replicas: Replicas | undefined
beforeAll(async () => {
  cluster = await startThrowawayCluster()
  receiver = await startRecordingServer()
})
afterAll(async () => {
  await replicas?.stopAll()
  await receiver?.close()
  cluster?.stop()
})

/** Waits 2 s, then a person's task, then a call to another system, then the end. */
const chaosWorkflow = (receiverUrl: string) =>
  b.workflow(
    [
      b.trigger('start'),
      b.step('wait', { automate: { connector: { kind: 'delay', duration: '2s' } } }),
      b.humanStep('approve'),
      b.httpStep('call', `${receiverUrl}/deliver`, { body: '{ "n": data.n }' }),
      b.end('done'),
    ],
    b.chain('start', 'wait', 'approve', 'call', 'done'),
    { id: 'chaos', deploysNeedApproval: false },
  )

/** Reads the database with a connection of its own, so a PostgreSQL restart meanwhile does no harm. */
async function query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: cluster!.url })
  await client.connect()
  try {
    return (await client.query(sql, params)).rows as Row[]
  } finally {
    await client.end()
  }
}

async function completedCount(): Promise<number> {
  try {
    const [row] = await query<{ n: string }>(
      "SELECT count(*) AS n FROM instances WHERE workflow_id = 'chaos' AND status = 'completed'",
    )
    return Number(row!.n)
  } catch {
    return -1 // PostgreSQL is restarting
  }
}

/** An answer for a failure message, with the log of the replica that gave it when it is a server error. */
function answered(answer: { status: number; body: unknown; replica: number }): string {
  const said = `replica ${answer.replica} answered ${answer.status} ${JSON.stringify(answer.body)}`
  return answer.status < 500 ? said : `${said}\n${replicas!.output(answer.replica).slice(-4_000)}`
}

/** Completes every open task of the workflow through random replicas, until every instance completed. */
async function completeTasksUntilDone(expected: number, deadline: number) {
  while ((await completedCount()) < expected) {
    if (Date.now() > deadline) throw new Error(`Only ${await completedCount()} of ${expected} completed`)
    const open = await sendToAnyReplica(replicas!, 'GET', '/api/tasks?workflowId=chaos&status=open&limit=500')
    expect(open.status, answered(open)).toBe(200)
    const ids = (open.body.items as { id: string }[]).map((task) => task.id)
    if (ids.length === 0) await pause(200)
    await forEachAtMost(ids, size.inFlight, async (id) => {
      const done = await sendToAnyReplica(replicas!, 'POST', `/api/tasks/${id}/complete`, { data: {} })
      // 409: an earlier try that was cut off took effect after all.
      expect([200, 409], `completing task ${id}: ${answered(done)}`).toContain(done.status)
    })
  }
}

it(`${size.instances} instances through random replicas finish exactly once while replicas are killed and PostgreSQL restarts`, async () => {
  replicas = await startReplicas({
    store: { databaseUrl: cluster!.url },
    count: 3,
    leaseMs: 3_000,
    env: { CONVEYOR_ALLOW_HOSTS: '127.0.0.1' },
  })
  await deployWorkflow(replicas, chaosWorkflow(receiver!.url))

  const log: ChaosLog = []
  const killer = runKiller(
    replicas,
    { kills: size.kills, restartDatabaseAfterKill: Math.ceil(size.kills / 2) },
    () => cluster!.restart(),
    log,
  )
  const instanceOf = new Map<number, string>()
  const deadline = Date.now() + (full ? 600_000 : 150_000)
  const work = (async () => {
    await forEachAtMost(
      Array.from({ length: size.instances }, (_, n) => n),
      size.inFlight,
      async (n) => {
        const started = await sendToAnyReplica(
          replicas!,
          'POST',
          '/api/workflows/chaos/instances',
          { input: { n } },
          { 'idempotency-key': `chaos-start-${n}` },
        )
        expect([200, 201], `starting ${n}: ${answered(started)}`).toContain(started.status)
        const id = started.body.instance.id as string
        // A retried start answers with the instance the first try made.
        if (instanceOf.has(n)) expect(instanceOf.get(n)).toBe(id)
        instanceOf.set(n, id)
      },
    )
    await completeTasksUntilDone(size.instances, deadline)
  })()
  await Promise.all([killer, work])
  // The killer may end after the work: the last restarted replica must settle too.
  await completeTasksUntilDone(size.instances, deadline)
  const context = `chaos log:\n${log.join('\n')}`
  expect(
    log.filter((line) => line.includes('killed')),
    context,
  ).toHaveLength(size.kills)
  expect(
    log.filter((line) => line.includes('PostgreSQL')),
    context,
  ).toHaveLength(1)

  // Every acknowledged start is one completed instance.
  const ids = [...instanceOf.values()]
  expect(new Set(ids).size, context).toBe(size.instances)
  const instances = await query<{ id: string; status: string }>(
    "SELECT id, status FROM instances WHERE workflow_id = 'chaos'",
  )
  expect(instances.map((row) => row.id).sort(), context).toEqual([...ids].sort())
  expect(
    instances.filter((row) => row.status !== 'completed'),
    context,
  ).toEqual([])

  // Each instance's events are numbered 1..n: no duplicate, no gap.
  const misnumbered = await query(
    `SELECT instance_id, count(*) AS events, count(DISTINCT instance_seq) AS distinct_numbers,
            min(instance_seq) AS lowest, max(instance_seq) AS highest
       FROM events WHERE workflow_id = 'chaos' GROUP BY instance_id
     HAVING count(*) <> count(DISTINCT instance_seq) OR min(instance_seq) <> 1 OR max(instance_seq) <> count(*)`,
  )
  expect(misnumbered, context).toEqual([])

  // Each delay fired once: one timer row per instance, fired, and one STEP_DONE for its visit.
  const delays = await query<{ instance_id: string; visit: number; status: string; done: string }>(
    `SELECT t.instance_id, t.visit, t.status,
            (SELECT count(*) FROM events e WHERE e.instance_id = t.instance_id AND e.type = 'STEP_DONE'
                AND e.node_id = 'wait' AND e.visit = t.visit) AS done
       FROM timers t JOIN instances i ON i.id = t.instance_id
      WHERE i.workflow_id = 'chaos' AND t.kind = 'delay'`,
  )
  expect(delays.length, context).toBe(size.instances)
  expect(
    delays.filter((timer) => timer.status !== 'fired' || Number(timer.done) !== 1),
    context,
  ).toEqual([])
  const waitsDone = await query<{ instance_id: string; n: string }>(
    `SELECT instance_id, count(*) AS n FROM events
      WHERE workflow_id = 'chaos' AND type = 'STEP_DONE' AND node_id = 'wait'
      GROUP BY instance_id HAVING count(*) <> 1`,
  )
  expect(waitsDone, context).toEqual([])

  // Every delivery's key names one (instance, step, visit) and carries that instance's input;
  // every completed call step was delivered at least once.
  const nOf = new Map([...instanceOf].map(([n, id]) => [id, n]))
  const deliveries = receiver!.requests.filter((request) => request.path === '/deliver')
  const keyed = new Map<string, Set<number>>()
  for (const delivery of deliveries) {
    const key = delivery.idempotencyKey ?? '(no key)'
    const match = /^(.+):call:(\d+)$/.exec(key)
    expect(match, `delivery key ${key}`).not.toBeNull()
    expect(nOf.has(match![1]!), `delivery key ${key} names a chaos instance`).toBe(true)
    const bodies = keyed.get(key) ?? new Set<number>()
    bodies.add((delivery.body as { n: number }).n)
    keyed.set(key, bodies)
  }
  for (const [key, bodies] of keyed) {
    expect([...bodies], `deliveries with key ${key}`).toEqual([nOf.get(key.replace(/:call:\d+$/, ''))])
  }
  const callsDone = await query<{ instance_id: string; visit: number }>(
    `SELECT instance_id, visit FROM events WHERE workflow_id = 'chaos' AND type = 'STEP_DONE' AND node_id = 'call'`,
  )
  expect(callsDone.length, context).toBe(size.instances)
  expect(
    callsDone.filter((done) => !keyed.has(`${done.instance_id}:call:${done.visit}`)),
    context,
  ).toEqual([])
  console.info(
    `chaos: ${size.instances} instances, ${deliveries.length} deliveries for ${keyed.size} calls, ${context}`,
  )

  // Nothing handed between replicas was left behind.
  expect(await query("SELECT id, kind, status FROM commands WHERE status NOT IN ('done', 'failed')")).toEqual(
    [],
  )
  const verified = await sendToAnyReplica(replicas, 'GET', '/api/audit/verify')
  expect(verified.body, context).toMatchObject({ ok: true })
}, 900_000)
