import { randomBytes } from 'node:crypto'
import { startReplicaProcess, type ReplicaProcess } from './replica-process'

export { ReplicaRefusedError, ReplicaStartError } from './replica-process'

/** Where the replicas keep their data: one PostgreSQL database, or one SQLite data folder. */
export type ReplicaStore = { databaseUrl: string } | { dataDir: string }

export interface ReplicaOptions {
  store: ReplicaStore
  /** How many `conveyor serve` processes (a SQLite folder takes one). */
  count: number
  /** CONVEYOR_LEASE_MS; the runtime's default when absent. */
  leaseMs?: number
  /** CONVEYOR_SECRET_KEY (base64 of 32 bytes): give the same one to serve a database again. Random otherwise. */
  secretKey?: string
  /** CONVEYOR_ADMIN_TOKEN: give the same one to serve a database again. Random otherwise. */
  adminToken?: string
  /** More environment for every replica, such as CONVEYOR_ALLOW_HOSTS. */
  env?: Record<string, string>
}

/** An API answer: its status and parsed JSON body (undefined when empty). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the fields they expect
export type ApiAnswer = { status: number; body: any }

/** N runtime processes on one store, each on its own loopback port, with one admin token for all. */
export interface Replicas {
  readonly count: number
  /** An admin's token (CONVEYOR_ADMIN_TOKEN) that every replica accepts. */
  readonly adminToken: string
  readonly secretKey: string
  /** Replica i's CONVEYOR_REPLICA_ID: `replica-i`. */
  id(i: number): string
  /** Replica i's address, without a trailing slash; kept across restarts. */
  origin(i: number): string
  /** Replica i's current process id, as /proc knows it. */
  pid(i: number): number
  running(i: number): boolean
  /** What replica i's current process has written to stdout and stderr. */
  output(i: number): string
  /** A request to replica i as the admin, answered as its status and parsed JSON body. */
  call(i: number, method: string, path: string, body?: unknown): Promise<ApiAnswer>
  /** Sends replica i the signal (kill -9 by default) and resolves once its process is gone. */
  kill(i: number, signal?: NodeJS.Signals): Promise<void>
  /** Starts stopped replica i again, with the same id and port; resolves once it is ready. */
  restart(i: number): Promise<void>
  /** SIGTERM to every running replica, each then finishing its requests and closing its store. */
  stopAll(): Promise<void>
}

/** How long a replica gets to stop cleanly on SIGTERM (it drains requests for up to 10 s) before kill -9. */
const stopWithinMs = 30_000

/**
 * Starts `count` replicas on the store: the first alone (it migrates an empty database, makes the
 * first admin and seeds the examples), then the others together. Resolves once each answers
 * `/healthz` and owns partitions. When one is refused or fails to start, the ones started are stopped and the error is
 * thrown: `ReplicaRefusedError` when another server holds the store, naming the replica.
 */
export async function startReplicas(options: ReplicaOptions): Promise<Replicas> {
  const secretKey = options.secretKey ?? randomBytes(32).toString('base64')
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url')
  const processes: (ReplicaProcess | undefined)[] = Array.from({ length: options.count })
  const ports: number[] = []
  const id = (i: number) => `replica-${i}`
  const envOf = (i: number): Record<string, string> => ({
    ...options.env,
    ...('databaseUrl' in options.store
      ? { CONVEYOR_DATABASE_URL: options.store.databaseUrl }
      : { CONVEYOR_DATABASE_URL: '', CONVEYOR_DATA: options.store.dataDir }),
    CONVEYOR_SECRET_KEY: secretKey,
    CONVEYOR_ADMIN_TOKEN: adminToken,
    CONVEYOR_REPLICA_ID: id(i),
    ...(options.leaseMs !== undefined && { CONVEYOR_LEASE_MS: String(options.leaseMs) }),
    // A restart takes the port it had, so callers keep one address per replica.
    PORT: String(ports[i] ?? 0),
  })
  const start = async (i: number) => {
    const started = await startReplicaProcess(id(i), envOf(i))
    processes[i] = started
    ports[i] = started.port
  }
  const live = (i: number): ReplicaProcess => {
    const replica = processes[i]
    if (replica === undefined) throw new Error(`There is no replica ${i} of ${options.count}`)
    return replica
  }
  const running = (i: number) => {
    const { child } = live(i)
    return child.exitCode === null && child.signalCode === null
  }
  const kill = async (i: number, signal: NodeJS.Signals = 'SIGKILL') => {
    const replica = live(i)
    if (running(i)) replica.child.kill(signal)
    await replica.exited
  }
  const stop = async (i: number) => {
    if (processes[i] === undefined || !running(i)) return
    const force = setTimeout(() => live(i).child.kill('SIGKILL'), stopWithinMs)
    await kill(i, 'SIGTERM')
    clearTimeout(force)
  }
  const indexes = Array.from({ length: options.count }, (_, i) => i)
  const stopAll = async () => {
    await Promise.all(indexes.map(stop))
    process.off('exit', killLeftovers)
  }
  // A test run that ends without stopping them must not leave servers behind.
  const killLeftovers = () => {
    for (const replica of processes) replica?.child.kill('SIGKILL')
  }
  process.on('exit', killLeftovers)

  try {
    await start(0)
    const others = await Promise.allSettled(indexes.slice(1).map(start))
    const failed = others.find((result) => result.status === 'rejected')
    if (failed) throw failed.reason
  } catch (error) {
    await stopAll()
    throw error
  }
  return {
    count: options.count,
    adminToken,
    secretKey,
    id,
    origin: (i) => live(i).origin,
    pid: (i) => live(i).pid,
    running,
    output: (i) => live(i).output(),
    call: (i, method, path, body) => callAsAdmin(live(i).origin, adminToken, method, path, body),
    kill,
    restart: async (i) => {
      if (running(i)) throw new Error(`Replica ${i} is still running: kill it before restarting it`)
      await start(i)
    },
    stopAll,
  }
}

/**
 * Calls the API as the admin. Plain fetch, not the in-process app harness: a driver of replicas
 * (the scale-out bench) should not load the runtime itself.
 */
async function callAsAdmin(origin: string, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(origin + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) } as ApiAnswer
}

/** Creates and deploys the workflow through replica `i`, failing with the API's answer when refused. */
export async function deployWorkflow(replicas: Replicas, document: { id: string }, i = 0): Promise<void> {
  const created = await replicas.call(i, 'POST', '/api/workflows', { document })
  if (created.status !== 201) {
    throw new Error(
      `Creating workflow ${document.id} answered ${created.status}: ${JSON.stringify(created.body)}`,
    )
  }
  const deployed = await replicas.call(i, 'POST', `/api/workflows/${document.id}/deployments`)
  if (deployed.status !== 201) {
    throw new Error(
      `Deploying workflow ${document.id} answered ${deployed.status}: ${JSON.stringify(deployed.body)}`,
    )
  }
}
