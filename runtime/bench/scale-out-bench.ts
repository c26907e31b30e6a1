/**
 * Scale-out: the 10-step automated workflow served by real `conveyor serve` processes, on SQLite
 * (one process) and on one PostgreSQL database with 1, 2 and 3 replicas, in one run. A driver
 * starts instances over HTTP round-robin across the replicas, keeping about `inFlight` of them
 * started and not yet ended; completion and latency (`ended_at − started_at`) are read from the
 * database. CPU per instance is the replicas' and the PostgreSQL server's processes' user + system
 * time from /proc over the measured run, divided by its instances.
 *
 *   tsx bench/scale-out-bench.ts [instances per run] [in flight]      # 1,000 and 100 by default
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  deployWorkflow,
  ReplicaRefusedError,
  startReplicas,
  type Replicas,
  type ReplicaStore,
} from '../src/cluster/testing/replicas'
import { startThrowawayCluster } from '../src/store/postgres/testing/throwaway-cluster'
import { createBenchDatabase } from './bench-database'
import {
  postgresCpuMs,
  postgresReadings,
  processCpuMs,
  sqliteReadings,
  type InstanceReadings,
} from './scale-out-readings'
import { tenStepDocument } from './ten-step-workflow'

const total = Number(process.argv[2] ?? 1_000)
const inFlight = Number(process.argv[3] ?? 100)
/** Instances run first on each setup and left out of its figures: the processes' JIT warms up. */
const warmUp = Math.min(300, Math.ceil(total / 5))
/** How often the driver reads how many have ended. */
const pollMs = 20
/** A run whose instances stop ending for this long has stalled (an incident, a dead replica). */
const stallMs = 30_000

interface Figures {
  perSecond: number
  /** `ended_at − started_at`: from the start's commit in the runtime to the end. */
  p50Ms: number
  p99Ms: number
  /** From the moment the driver sent the start to `ended_at`: adds the wait for a replica to take it. */
  requestP50Ms: number
  requestP99Ms: number
  replicasCpuMs: number
  postgresCpuMs?: number
}

type Outcome = { figures: Figures } | { refused: string }

/**
 * Starts `count` instances round-robin over the replicas, keeping at most `inFlight` started and
 * not ended, and resolves once all `count` started since `from` have ended. Answers when each
 * start was sent (ms, this machine's clock, which the replicas share), by instance id.
 */
async function drive(replicas: Replicas, readings: InstanceReadings, count: number, from: number) {
  const sentAt = new Map<string, number>()
  let sent = 0
  let ended = 0
  let failure: unknown
  let lastProgress = performance.now()
  const starts: Promise<void>[] = []
  const startOne = async (index: number) => {
    const at = Date.now()
    const path = `/api/workflows/${tenStepDocument.id}/instances`
    const answer = await replicas.call(index % replicas.count, 'POST', path, { input: { n: index } })
    if (answer.status !== 201)
      throw new Error(`A start answered ${answer.status}: ${JSON.stringify(answer.body)}`)
    sentAt.set(answer.body.instance.id, at)
  }
  while (ended < count) {
    if (failure !== undefined) throw failure
    while (sent < count && sent - ended < inFlight) {
      starts.push(startOne(sent++).catch((error: unknown) => void (failure ??= error)))
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs))
    const now = await readings.endedSince(tenStepDocument.id, from)
    if (now > ended) lastProgress = performance.now()
    else if (performance.now() - lastProgress > stallMs) {
      const statuses = JSON.stringify(await readings.statusesSince(tenStepDocument.id, from))
      throw new Error(
        `No instance ended for ${stallMs / 1000} s (${now} of ${count} ended; by status ${statuses})`,
      )
    }
    ended = now
  }
  // An instance can end before the answer to its start has reached the driver.
  await Promise.all(starts)
  if (failure !== undefined) throw failure
  return sentAt
}

/** The p-th percentile (0 to 1) of the values. */
function percentiles(values: number[]): (p: number) => number {
  const sorted = [...values].sort((a, b) => a - b)
  return (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!
}

/** Warms up, then measures `total` instances on replicas already serving the store. */
async function measure(replicas: Replicas, readings: InstanceReadings): Promise<Figures> {
  await deployWorkflow(replicas, tenStepDocument)
  await drive(replicas, readings, warmUp, 0)
  // Every warm-up instance started before this moment; every measured one after it.
  const from = Date.now()
  const replicasCpu = () => Array.from({ length: replicas.count }, (_, i) => processCpuMs(replicas.pid(i)))
  const postgresCpu = () => (readings.backendPid === undefined ? 0 : postgresCpuMs(readings.backendPid))
  const replicasBefore = replicasCpu()
  const postgresBefore = postgresCpu()
  const sentAt = await drive(replicas, readings, total, from)
  const replicasMs = replicasCpu().reduce((sum, ms, i) => sum + ms - replicasBefore[i]!, 0)
  const postgresMs = postgresCpu() - postgresBefore

  const instances = await readings.instancesSince(tenStepDocument.id, from)
  const notCompleted = instances.filter((instance) => instance.status !== 'completed').length
  if (notCompleted > 0)
    throw new Error(`${notCompleted} of ${instances.length} instances ended other than completed`)
  const inRuntime = percentiles(instances.map((instance) => instance.ended_at - instance.started_at))
  const fromRequest = percentiles(instances.map((instance) => instance.ended_at - sentAt.get(instance.id)!))
  const first = Math.min(...instances.map((instance) => instance.started_at))
  const last = Math.max(...instances.map((instance) => instance.ended_at))
  return {
    perSecond: instances.length / ((last - first) / 1000),
    p50Ms: inRuntime(0.5),
    p99Ms: inRuntime(0.99),
    requestP50Ms: fromRequest(0.5),
    requestP99Ms: fromRequest(0.99),
    replicasCpuMs: replicasMs / instances.length,
    ...(readings.backendPid !== undefined && { postgresCpuMs: postgresMs / instances.length }),
  }
}

/** One setup from start to stop: a refusal to serve is an outcome, any other failure ends the bench. */
async function run(
  store: ReplicaStore,
  count: number,
  readingsOf: () => Promise<InstanceReadings>,
): Promise<Outcome> {
  let replicas: Replicas
  try {
    replicas = await startReplicas({ store, count })
  } catch (error) {
    if (error instanceof ReplicaRefusedError) return { refused: error.message }
    throw error
  }
  try {
    const readings = await readingsOf()
    try {
      return { figures: await measure(replicas, readings) }
    } finally {
      await readings.close()
    }
  } finally {
    await replicas.stopAll()
  }
}

/** One row of the table: the setup, instances/s, four latencies and the CPU per instance. */
function columns(setup: string, perSecond: string, ms: string[], cpu: string): string {
  return `${setup.padEnd(16)} ${perSecond.padStart(11)} ${ms.map((value) => value.padStart(8)).join('')}    ${cpu}`
}

function line(setup: string, outcome: Outcome): string {
  if ('refused' in outcome) return `${setup.padEnd(16)} not measured: ${outcome.refused}`
  const f = outcome.figures
  const cpu =
    f.postgresCpuMs === undefined
      ? `${f.replicasCpuMs.toFixed(2)}`
      : `${f.replicasCpuMs.toFixed(2)} + ${f.postgresCpuMs.toFixed(2)} = ${(f.replicasCpuMs + f.postgresCpuMs).toFixed(2)}`
  const ms = [f.p50Ms, f.p99Ms, f.requestP50Ms, f.requestP99Ms].map((value) => value.toFixed(0))
  return columns(setup, f.perSecond.toFixed(0), ms, cpu)
}

function ratio(of: Outcome | undefined, base: Outcome | undefined): string {
  if (of === undefined || base === undefined || 'refused' in of || 'refused' in base) return 'not measured'
  return (of.figures.perSecond / base.figures.perSecond).toFixed(2)
}

async function main(): Promise<void> {
  console.log(
    `\nScale-out: ${total} instances of the 10-step automated workflow per setup (after ${warmUp} to warm up), ` +
      `${inFlight} in flight, started over HTTP round-robin across the replicas (load ${loadavg()[0]!.toFixed(1)})`,
  )
  console.log(
    `This machine has ${cpus().length} cores, shared by the driver, every replica and PostgreSQL: replicas here ` +
      'add processes, not cores, so the scaling ratio is bounded by the cores, not by Conveyor.',
  )
  console.log(
    'PostgreSQL is a throwaway cluster with fsync off; SQLite syncs every commit (synchronous=FULL).\n',
  )
  console.log(columns('', '', ['started', '→ ended', 'sent', '→ ended'], ''))
  console.log(
    columns(
      'setup',
      'instances/s',
      ['p50 ms', 'p99 ms', 'p50 ms', 'p99 ms'],
      'CPU ms per instance (replicas + PostgreSQL)',
    ),
  )

  const folder = mkdtempSync(join(tmpdir(), 'conveyor-scale-out-'))
  try {
    const sqlite = await run({ dataDir: folder }, 1, async () => sqliteReadings(folder))
    console.log(line('SQLite × 1', sqlite))
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }

  const cluster = await startThrowawayCluster()
  const onPostgres: Outcome[] = []
  try {
    for (const count of [1, 2, 3]) {
      const url = await createBenchDatabase(cluster.url, `scale_out_${count}`)
      const outcome = await run({ databaseUrl: url }, count, () => postgresReadings(url))
      onPostgres.push(outcome)
      console.log(line(`PostgreSQL × ${count}`, outcome))
    }
  } finally {
    cluster.stop()
  }
  console.log(
    `\nscaling ratio on PostgreSQL (instances/s ÷ one replica's): 2 replicas ${ratio(onPostgres[1], onPostgres[0])}, ` +
      `3 replicas ${ratio(onPostgres[2], onPostgres[0])}`,
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
