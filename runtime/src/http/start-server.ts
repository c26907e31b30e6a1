import { mkdir } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createApp } from '../app'
import { bootstrapAdmin, hasActiveAdmin } from '../auth/bootstrap-admin'
import { assertSafeToListen, ConfigError, isLoopback, type RuntimeConfig } from '../config'
import { createConveyorService, type SqliteConveyorService } from '../service'
import { lockDataFolder } from '../store/data-folder-lock'
import { holdStartupLock } from '../store/postgres/startup-lock'
import type { AssistantConfig, ConveyorService } from '../service/types'
import { withCollaboration, type CollabTuning } from '../documents/collab-endpoint'
import type { WorkflowSaver } from '../documents/stored-projection'
import { catalogOf } from './examples-catalog'

export interface RunningServer {
  url: string
  port: number
  service: ConveyorService
  /** Stops accepting connections, lets requests in flight finish, then flushes and closes the store. */
  close(): Promise<void>
}

export interface ServerOutput {
  /** Lines meant for the person who started the server. */
  say(line: string): void
  /** Unexpected errors. */
  log(line: string): void
  /** One line per request, when wanted. */
  accessLog?: (line: string) => void
}

/** How long requests in flight get to finish on shutdown before their connections are cut. */
const drainMs = 10_000

/** The address to show people: a wildcard bind is reachable on loopback too. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return '127.0.0.1'
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

/** Gets the opened store ready to serve; returns the first admin's secret on a first start. */
async function prepare(service: ConveyorService, config: RuntimeConfig, output: ServerOutput) {
  assertSafeToListen(config, await hasActiveAdmin(service))
  const firstAdminSecret = await bootstrapAdmin(service, config.adminToken)
  const seeded = await service.seedExamplesIfEmpty()
  if (seeded > 0) output.say(`Loaded ${seeded} example workflows.`)
  await sayWhichAssistant(service, config.assistant, output)
  return firstAdminSecret
}

/** Where augment steps' suggestions come from, and a key the operator named but has not stored. */
async function sayWhichAssistant(
  service: ConveyorService,
  assistant: AssistantConfig | undefined,
  output: ServerOutput,
) {
  if (assistant?.provider !== 'openai-compatible') return
  output.say(`Augment steps ask the assistant at ${assistant.baseUrl} (model ${assistant.model}).`)
  const keyName = assistant.apiKeySecret
  if (keyName === undefined) return
  const stored = (await service.listSecrets()).some((secret) => secret.name === keyName)
  if (!stored) {
    output.say(
      `The assistant's key, the secret "${keyName}", is not stored yet: until it is, tasks get no suggestion. ` +
        `Store it with PUT /api/secrets/${keyName} or pnpm conveyor secrets set ${keyName}.`,
    )
  }
}

function listen(fetch: (request: Request) => Response | Promise<Response>, config: RuntimeConfig) {
  return new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch, hostname: config.host, port: config.port }, () =>
      resolve(started as Server),
    )
    started.once('error', reject)
  })
}

function stopAccepting(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), drainMs)
    server.close(() => {
      clearTimeout(force)
      resolve()
    })
    server.closeIdleConnections()
  })
}

/** What a replica on PostgreSQL holds of its database while serving: it shares it with the others. */
const heldByNoOne = { release: async () => undefined }

/** The data folder, made when missing, held by this server alone. */
async function lockedDataFolder(dataDir: string) {
  await mkdir(dataDir, { recursive: true })
  return lockDataFolder(dataDir)
}

export async function startServer(
  config: RuntimeConfig,
  output: ServerOutput,
  /** Live co-editing's limits and save window, for tests (the defaults otherwise). */
  collabTuning: CollabTuning = {},
): Promise<RunningServer> {
  // One server per data folder, held while it serves. Replicas sharing a PostgreSQL database take
  // turns starting only: the first seeds the examples and makes the first admin.
  const startLock =
    config.databaseUrl === undefined
      ? await lockedDataFolder(config.dataDir)
      : await holdStartupLock(config.databaseUrl)
  let service: SqliteConveyorService
  let firstAdminSecret: string | undefined
  try {
    service = await createConveyorService({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      replicaId: config.replicaId,
      leaseMs: config.leaseMs,
      allowPrivateHosts: config.allowHosts,
      secretKey: config.secretKey,
      assistant: config.assistant,
    })
  } catch (error) {
    await startLock.release()
    throw error
  }
  try {
    firstAdminSecret = await prepare(service, config, output)
  } catch (error) {
    await service.close()
    await startLock.release()
    throw error
  }
  const storeLock = config.databaseUrl === undefined ? startLock : heldByNoOne
  if (config.databaseUrl !== undefined) await startLock.release()

  const buildApi = (saveWorkflow: WorkflowSaver) =>
    createApp({
      service,
      examples: catalogOf(),
      editorDist: config.editorDist,
      log: output.log,
      accessLog: output.accessLog,
      saveWorkflow,
    })
  const collaboration = await withCollaboration(buildApi, service, service, output.log, collabTuning)
  let server: Server
  try {
    server = await listen(collaboration.app.fetch, config)
  } catch (error) {
    await collaboration.close()
    await service.close()
    await storeLock.release()
    throw error
  }
  // Live co-editing on the server's WebSocket upgrades: access is decided before the handshake
  // and frames are capped as they arrive.
  collaboration.attach(server)

  const port = (server.address() as AddressInfo).port
  const url = `http://${displayHost(config.host)}:${port}/`
  // The database's address is never shown: it may carry a password.
  const dataIn =
    config.databaseUrl === undefined ? config.dataDir : 'the PostgreSQL database of CONVEYOR_DATABASE_URL'
  output.say(`Conveyor is running at ${url} (data in ${dataIn})`)
  if (!isLoopback(config.host)) output.say(`Listening on ${config.host}: reachable from other machines.`)
  if (firstAdminSecret) {
    output.say('First start: an admin token was created. Open this link to sign in (it is shown only once):')
    output.say(`  ${url}?token=${firstAdminSecret}`)
  }

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      // Editors' sockets first: an upgraded connection would hold the HTTP server open.
      await collaboration.close()
      await stopAccepting(server)
      await service.close()
      await storeLock.release()
    })())
  return { url, port, service, close }
}

/** A start-up problem as one line: what is wrong and what to set. */
export function describeStartFailure(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error)
  return error instanceof ConfigError ? reason : `Conveyor could not start: ${reason}`
}
