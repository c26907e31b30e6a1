import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, vi } from 'vitest'
import { apiOrigin } from '../api/api-origin'
import { exampleDocument } from './test-documents'

export interface StandInRuntime {
  /** The URL of every `PUT` (a save), in order. */
  saves: string[]
}

/**
 * For the tests of a file: a real HTTP server standing in for the runtime. It stores the order-to-cash
 * example, answers `GET /api/me` with `me()` (null: 503, as a runtime that cannot say), and records
 * saves. There is no live connection: the stored document is what opens.
 */
export function serveStandInRuntime(me: () => { name: string; role: string } | null): StandInRuntime {
  const runtime: StandInRuntime = { saves: [] }
  const stored = { id: 'order-to-cash', revision: 1, document: exampleDocument('order-to-cash') }
  let server: Server
  beforeAll(async () => {
    server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json')
      if (request.url === '/api/me') {
        const answer = me()
        if (!answer) return response.writeHead(503).end('{"error":{"message":"unavailable"}}')
        return response.end(JSON.stringify(answer))
      }
      if (request.method === 'PUT') runtime.saves.push(request.url ?? '')
      response.end(JSON.stringify(stored))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    apiOrigin.value = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    vi.stubGlobal('WebSocket', undefined)
  })
  afterAll(() => {
    vi.unstubAllGlobals()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return runtime
}
