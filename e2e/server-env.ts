import { randomUUID } from 'node:crypto'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Where the runtime under test listens and keeps its data. Playwright loads the config in the runner
 * and again in every worker; the runner picks the port and folder once and the workers inherit them
 * through the environment, so all of them talk to the same server.
 */
export interface ServerEnv {
  port: number
  dataDir: string
  adminToken: string
  baseURL: string
}

export const adminToken = 'e2e-admin-token-0123456789abcdef'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

export async function serverEnv(): Promise<ServerEnv> {
  process.env.CONVEYOR_E2E_PORT ??= String(await freePort())
  // Only named here: the runtime creates it on start, so listing tests leaves nothing behind.
  process.env.CONVEYOR_E2E_DATA ??= join(tmpdir(), `conveyor-e2e-${randomUUID()}`)
  const port = Number(process.env.CONVEYOR_E2E_PORT)
  return {
    port,
    dataDir: process.env.CONVEYOR_E2E_DATA,
    adminToken,
    baseURL: `http://127.0.0.1:${port}`,
  }
}
