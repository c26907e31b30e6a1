import type { RuntimeConfig } from '../config'
import { startServer, type ServerOutput } from './start-server'

/**
 * Serves until SIGTERM or SIGINT, then stops accepting connections, lets requests in flight
 * finish, flushes and closes the store. Resolves once everything is closed.
 */
export async function runUntilSignalled(config: RuntimeConfig, output: ServerOutput): Promise<void> {
  // Listen for the signal before the server announces itself: a supervisor that stops it as soon
  // as it reads "running at" must get a clean shutdown, not the default kill.
  let onSignal: (signal: NodeJS.Signals) => void = () => {}
  const signalled = new Promise<NodeJS.Signals>((resolve) => (onSignal = resolve))
  process.once('SIGTERM', onSignal)
  process.once('SIGINT', onSignal)
  try {
    const server = await startServer(config, output)
    const signal = await signalled
    output.say(`${signal} received: finishing requests in flight, then closing the store.`)
    await server.close()
    output.say('Stopped.')
  } finally {
    process.off('SIGTERM', onSignal)
    process.off('SIGINT', onSignal)
  }
}
