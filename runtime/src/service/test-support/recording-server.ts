import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  path: string
  idempotencyKey: string | undefined
  headers: IncomingMessage['headers']
  body: unknown
}

export type Reply = { status: number; body?: unknown; delayMs?: number }

export interface RecordingServer {
  url: string
  requests: RecordedRequest[]
  /** Decides each answer; by default 200 with `{ ok: true }`. */
  reply: (request: RecordedRequest) => Reply
  close(): Promise<void>
}

/** A real HTTP server on a random port that records every request it gets. */
export async function startRecordingServer(): Promise<RecordingServer> {
  const recording: RecordingServer = {
    url: '',
    requests: [],
    reply: () => ({ status: 200, body: { ok: true } }),
    close: async () => {},
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        headers: req.headers,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      }
      recording.requests.push(request)
      const { status, body, delayMs } = recording.reply(request)
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body ?? {}))
      }, delayMs ?? 0)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  recording.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  recording.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return recording
}
