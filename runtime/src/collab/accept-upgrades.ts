import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WSContext } from 'hono/ws'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { Collab } from './create-collab'

export interface CollabUpgrades {
  /**
   * Closes every collaborator's connection (1001), stores every change, then drops sockets whose
   * peer did not finish the closing handshake within `graceMs`: the HTTP server's own close
   * waits for upgraded sockets too.
   */
  close(graceMs?: number): Promise<void>
}

const collabPath = /^\/collab\/([^/]+)$/

/**
 * How long a socket whose frame was refused stays open, unread, before it is cut: time for the
 * client to read the close frame it was sent (cutting at once could reset the connection first).
 */
const refusedLingerMs = 1000

/**
 * Serves the collaboration endpoint on a Node HTTP server's WebSocket upgrades (Node hands them
 * to the 'upgrade' event, never to the HTTP app, which stays as it is). Access is decided before
 * the handshake, and `ws` enforces the frame limits while frames arrive, from their headers:
 * - admitted clients: frames over `maxMessageBytes` end the connection (1009) before their
 *   payload is read, instead of after `ws` buffered up to its default 100 MiB;
 * - refused clients (no token, no access) are told why with 4401/4403 and nothing they send is
 *   read: their frame limit is one byte (every y-websocket message is larger), so their first
 *   frame ends the connection from its header; only the closing handshake gets through.
 * Upgrades to other paths get a 404.
 */
export function acceptCollabUpgrades(server: Server, collab: Collab): CollabUpgrades {
  const admitted = new WebSocketServer({ noServer: true, maxPayload: collab.limits.maxMessageBytes })
  const refused = new WebSocketServer({ noServer: true, maxPayload: 1 })

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy()) // a client gone before the handshake
    const url = URL.parse(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`)
    if (!url)
      return answer(socket, {
        status: 400,
        code: 'bad_request',
        message: 'The request URL or Host is not valid',
      })
    const match = collabPath.exec(url.pathname)
    if (!match)
      return answer(socket, { status: 404, code: 'not_found', message: `No endpoint at ${url.pathname}` })
    let workflowId: string
    try {
      workflowId = decodeURIComponent(match[1]!)
    } catch {
      return answer(socket, {
        status: 400,
        code: 'invalid_workflow_id',
        message: 'The workflow id is not valid',
      })
    }
    const admission = await collab.admit(requestOf(request, url), workflowId)
    if (admission.kind === 'answered') return answer(socket, admission)
    if (admission.kind === 'refused') {
      refused.handleUpgrade(request, socket, head, (ws) => {
        readNothingAfterRefusal(ws, socket)
        ws.close(admission.code, admission.reason)
      })
      return
    }
    admitted.handleUpgrade(request, socket, head, (ws) => {
      readNothingAfterRefusal(ws, socket)
      const session = collab.connect(contextOf(ws, url), admission)
      ws.on('message', (data, isBinary) => session.receive(isBinary ? bytesOf(data) : data.toString()))
      ws.on('close', () => session.closed())
    })
  }

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(request, socket, head).catch((error: unknown) => {
      console.error(
        `collaboration: an upgrade failed: ${error instanceof Error ? error.message : String(error)}`,
      )
      socket.destroy()
    })
  }
  server.on('upgrade', onUpgrade)

  return {
    async close(graceMs = 1000) {
      server.off('upgrade', onUpgrade)
      await collab.close()
      const open = () => [...admitted.clients, ...refused.clients]
      const deadline = Date.now() + graceMs
      while (open().length > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20))
      for (const socket of open()) socket.terminate()
      await Promise.all(
        [admitted, refused].map((wss) => new Promise<void>((resolve) => wss.close(() => resolve()))),
      )
    },
  }
}

/**
 * A frame `ws` refuses (too large, or any data frame from a refused client) ends the connection:
 * `ws` sends the close frame but goes on reading and discarding what the client still sends, and
 * discarding the rest of a 90 MB frame still has the server take in 90 MB of buffers that linger
 * until they are collected (tens of MB). Instead the socket stops reading (after `ws` resumed it,
 * on the next tick) and is cut once the client had time to read the close frame.
 */
function readNothingAfterRefusal(ws: WebSocket, socket: Duplex): void {
  ws.on('error', () => {
    process.nextTick(() => socket.pause())
    setTimeout(() => socket.destroy(), refusedLingerMs).unref()
  })
}

/** The handshake as a fetch `Request`, for the admission checks (headers and URL only). */
function requestOf(request: IncomingMessage, url: URL): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  return new Request(url, { headers })
}

/** The API's error shape, `{error: {code, message}}`, as the answer to a refused handshake. */
function answer(
  socket: Duplex,
  { status, code, message }: { status: number; code: string; message: string },
) {
  const body = JSON.stringify({ error: { code, message } })
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}

function contextOf(ws: WebSocket, url: URL): WSContext<WebSocket> {
  return new WSContext({
    raw: ws,
    url,
    protocol: ws.protocol,
    get readyState() {
      return ws.readyState as 0 | 1 | 2 | 3
    },
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
  })
}

function bytesOf(data: RawData): Uint8Array {
  return Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data
}
