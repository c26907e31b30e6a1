import type { RuntimeConfig } from '../config'
import { startServer, type ServerOutput } from './start-server'

/**
 * Serves until SIGTERM or SIGINT, then stops accepting connections, lets requests in flight
 * finish, flushes and closes the store. Resolves once everything is closed.
 */
export async function runUntilSignalled(config: RuntimeConfig, output: ServerOutput): Promise<void> {
  const server = await startServer(config, output)
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve)
    process.once('SIGINT', resolve)
  })
  output.say(`${signal} received: finishing requests in flight, then closing the store.`)
  await server.close()
  output.say('Stopped.')
}
