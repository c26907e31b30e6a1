import { createNodeWebSocket, type NodeWebSocket } from '@hono/node-ws'
import { Hono } from 'hono'
import type { Collab } from './create-collab'

export interface CollabUpgrades {
  /**
   * Closes every collaborator's connection (1001), stores every change, then drops sockets whose
   * peer did not finish the closing handshake within `graceMs`: the HTTP server's own close
   * waits for upgraded sockets too.
   */
  close(graceMs?: number): Promise<void>
}

/**
 * Serves the collaboration endpoint on a Node HTTP server's WebSocket upgrades. Node hands
 * upgrades to the server's 'upgrade' event, never to the HTTP app, so the endpoint gets a small
 * app of its own and the runtime's HTTP app stays as it is. Upgrades to other paths get a 404.
 */
export function acceptCollabUpgrades(
  server: Parameters<NodeWebSocket['injectWebSocket']>[0],
  collab: Collab,
): CollabUpgrades {
  const upgrades = new Hono()
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app: upgrades })
  // Refuse oversized frames while they arrive instead of after buffering them (100 MiB by default).
  wss.options.maxPayload = collab.limits.maxMessageBytes
  upgrades.route('/', collab.routes(upgradeWebSocket))
  injectWebSocket(server)
  return {
    async close(graceMs = 1000) {
      await collab.close()
      const deadline = Date.now() + graceMs
      while (wss.clients.size > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20))
      for (const socket of wss.clients) socket.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }
}
