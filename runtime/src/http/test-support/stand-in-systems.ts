import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { WorkflowDocument } from '@conveyor/shared'

export interface StandInSystems {
  origin: string
  requests: string[]
  /** Paths answered with 400 (a refusal no retry can fix) until removed. */
  refusing: Set<string>
  /** Paths answered 200 with JSON nested 5,000 levels deep until removed. */
  answeringDeep: Set<string>
  close(): Promise<void>
}

/** The happy answer of each system the examples call: reserved, invoiced, matched, paid… */
/** JSON text nesting `levels` objects: `{"a":{"a":…1…}}`. */
export function deepJson(levels: number): string {
  return '{"a":'.repeat(levels) + '1' + '}'.repeat(levels)
}

const deepAnswer = deepJson(5000)

const happyAnswer = JSON.stringify({
  id: 'R-1',
  number: 'INV-1',
  documentNumber: 'DOC-1',
  envelopeId: 'ENV-1',
  url: 'https://tenant.example.test',
  settled: true,
  status: 'matched',
  variance: 0,
  matches: 0,
  industry: 'Manufacturing',
  revenue: 1_000_000,
  fields: { invoiceDate: '2026-03-01', dueDate: '2026-03-31', net: 100, tax: 20 },
})

/**
 * The outside systems the examples call (ERP, CRM, bank…), stood in for by one local server that
 * accepts every request and answers with a body carrying the fields the examples read back.
 */
export async function startStandInSystems(): Promise<StandInSystems> {
  const requests: string[] = []
  const refusing = new Set<string>()
  const answeringDeep = new Set<string>()
  const server: Server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      requests.push(`${request.method} ${request.url}`)
      const refused = refusing.has(request.url ?? '')
      response.writeHead(refused ? 400 : 200, { 'content-type': 'application/json' })
      const path = request.url ?? ''
      response.end(
        refused ? '{"error":"refused by the stand-in"}' : answeringDeep.has(path) ? deepAnswer : happyAnswer,
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    refusing,
    answeringDeep,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/**
 * The example as shipped, with its outside systems moved to `origin` and its long waits (days of
 * payment terms) cut to a second, so a test can drive it to an end.
 */
export function withStandIns(document: WorkflowDocument, origin: string): WorkflowDocument {
  const copy = structuredClone(document)
  for (const node of copy.nodes) {
    if (node.type !== 'step' || !node.data.automate) continue
    const connector = node.data.automate.connector
    if (connector.kind === 'http') {
      const url = new URL(connector.url)
      connector.url = `${origin}${url.pathname}${url.search}`
    }
    if (connector.kind === 'delay') {
      connector.duration = '1s'
      delete connector.until
    }
  }
  return copy
}
