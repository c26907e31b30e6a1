import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RuntimeConfig } from '../../config'
import { startServer, type RunningServer } from '../start-server'

export interface FullServer {
  /** Without a trailing slash: `http://127.0.0.1:PORT`. */
  origin: string
  server: RunningServer
  /** The server's data folder (its `conveyor.db`), unused on PostgreSQL. */
  dataDir: string
  /** The first admin's token (CONVEYOR_ADMIN_TOKEN). */
  adminToken: string
  close(): Promise<void>
}

/** Where the server keeps its data and what it may call: a fresh data folder unless `databaseUrl`. */
export type FullServerStore = Pick<RuntimeConfig, 'databaseUrl' | 'secretKey' | 'allowHosts'>

/**
 * The runtime as `conveyor serve` runs it (the API behind the collaboration endpoint, one port), on
 * a fresh data folder (or the PostgreSQL database `store.databaseUrl`) and a stand-in editor build
 * holding one page.
 */
export async function startFullServer(store: FullServerStore = {}): Promise<FullServer> {
  const dir = await mkdtemp(join(tmpdir(), 'conveyor-full-'))
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Conveyor</title><div id="root"></div>')
  const adminToken = 'full-server-admin-token'
  const dataDir = join(dir, 'data')
  const server = await startServer(
    { host: '127.0.0.1', port: 0, dataDir, adminToken, editorDist: dir, ...store },
    { say: () => {}, log: (line) => console.error(line) },
  )
  return {
    origin: `http://127.0.0.1:${server.port}`,
    server,
    dataDir,
    adminToken,
    close: async () => {
      await server.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
