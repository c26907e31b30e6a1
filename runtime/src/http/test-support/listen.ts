import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { ConveyorApp } from '../../app'

/** Binds the app to a free loopback port: for tests where the network matters. */
export async function listen(app: ConveyorApp): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}
