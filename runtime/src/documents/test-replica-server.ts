import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createApp } from '../app'
import { catalogOf } from '../http/examples-catalog'
import { createConveyorService, type SqliteConveyorService } from '../service'
import { withCollaboration, type CollabTuning } from './collab-endpoint'

/** One key for every replica of a test database: they open each other's sealed secrets. */
const secretKey = randomBytes(32)

export interface ReplicaServer {
  service: SqliteConveyorService
  /** `http://127.0.0.1:PORT`, the API. */
  origin: string
  /** `ws://127.0.0.1:PORT/collab`, the y-websocket server URL. */
  collabUrl: string
  /** Stores the live documents' pending changes, and the stored workflows follow (on their owner). */
  flush(): Promise<void>
  /** Closes it as a shutdown does (its partitions handed over); once, however often called. */
  stop(): Promise<void>
}

/**
 * A replica of the runtime on a PostgreSQL database, in this process, wired as `conveyor serve`
 * wires it (the API behind live co-editing, on a real port), without the hold that keeps a second
 * server off the database: several of these serve one database together.
 */
export async function startReplicaServer(
  databaseUrl: string,
  replicaId: string,
  tuning: CollabTuning = {},
): Promise<ReplicaServer> {
  const service = await createConveyorService({ databaseUrl, secretKey, replicaId, leaseMs: 3_000 })
  const log = (line: string) => console.error(`${replicaId}: ${line}`)
  const collaboration = await withCollaboration(
    (saveWorkflow) => createApp({ service, examples: catalogOf(), saveWorkflow, log }),
    service,
    service,
    log,
    tuning,
  )
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: collaboration.app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(started),
    )
  })
  collaboration.attach(server as Server)
  const { port } = server.address() as AddressInfo
  let stopping: Promise<void> | undefined
  return {
    service,
    origin: `http://127.0.0.1:${port}`,
    collabUrl: `ws://127.0.0.1:${port}/collab`,
    flush: () => collaboration.flush(),
    stop() {
      stopping ??= (async () => {
        await collaboration.close()
        if ('closeAllConnections' in server) server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await service.close()
      })()
      return stopping
    },
  }
}
