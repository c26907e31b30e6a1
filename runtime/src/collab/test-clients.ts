import { vi } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Close codes the server sent, in order. */
  closeCodes: number[]
  /** Resolves once the client has the server's state. */
  synced: Promise<void>
  leave(): void
}

/**
 * A stock y-websocket client, as the editor runs it, joining a workflow's document. Providers in
 * one process would also sync through an in-process BroadcastChannel: `disableBc` keeps the server
 * the only path between them.
 */
export function joinDocument(
  serverUrl: string,
  workflowId: string,
  options: { token?: string; headers?: Record<string, string> } = {},
): TestClient {
  const doc = new Y.Doc()
  const headers = options.headers
  const Socket = headers
    ? class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers })
        }
      }
    : WebSocket
  const provider = new WebsocketProvider(serverUrl, workflowId, doc, {
    WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: options.token ? { token: options.token } : {},
  })
  const closeCodes: number[] = []
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code)
  })
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve()
    else provider.once('sync', () => resolve())
  })
  return {
    doc,
    provider,
    closeCodes,
    synced,
    leave() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** A bare WebSocket to the endpoint, for what a stock client never sends. */
export async function openRawSocket(
  url: string,
  options: { headers?: Record<string, string>; autoPong?: boolean } = {},
): Promise<WebSocket> {
  const socket = new WebSocket(url, options)
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  return socket
}

/** Resolves with the close code the server sent. */
export function closeCodeOf(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)))
}

/** Resolves with the HTTP status of a refused handshake (rejects when the handshake succeeds). */
export function handshakeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers })
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0)
      socket.terminate()
    })
    socket.once('open', () => {
      socket.close()
      reject(new Error('the handshake was accepted'))
    })
    socket.once('error', () => {})
  })
}

/**
 * Waits for a condition to hold. Generous on purpose: the machine may be busy, and a correct
 * server still gets there; a broken one never does.
 */
export function eventually<T>(check: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(check, { timeout: 10_000, interval: 20 })
}
