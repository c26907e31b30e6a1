import { editorRequestHeader } from '@conveyor/shared/protocol/editor-request'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from './api-error'
import { apiOrigin } from './api-origin'
import { api } from './client'

/** What the stand-in runtime received last. */
let received: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }
let server: Server

/** A real HTTP server: refuses a save as stale, deletes with 204, answers everything else with its request. */
beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      received = { method: request.method, url: request.url, headers: request.headers, body }
      if (request.method === 'PUT') {
        response.writeHead(409, { 'content-type': 'application/json' })
        const error = { code: 'stale_revision', message: 'Workflow "refunds" was saved as revision 4 since' }
        return response.end(JSON.stringify({ error }))
      }
      if (request.method === 'DELETE') return response.writeHead(204).end()
      if (request.url === '/api/examples') return response.writeHead(200).end('<html>not the API</html>')
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ items: [], method: request.method }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  apiOrigin.value = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('the API client', () => {
  it('sends JSON marked as the editor’s own request, its path segments escaped', async () => {
    await api.startInstance('refunds/eu', { input: { amount: 250 } }, 'key-1')
    expect(received.method).toBe('POST')
    expect(received.url).toBe('/api/workflows/refunds%2Feu/instances')
    expect(received.headers[editorRequestHeader.toLowerCase()]).toBe('editor')
    expect(received.headers['content-type']).toBe('application/json')
    expect(received.headers['idempotency-key']).toBe('key-1')
    expect(JSON.parse(received.body)).toEqual({ input: { amount: 250 } })
  })

  it('sends a BPMN file as its own XML text, not as JSON', async () => {
    const xml = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"/>'
    await api.importBpmn(xml)
    expect(received.method).toBe('POST')
    expect(received.url).toBe('/api/workflows/import')
    expect(received.headers['content-type']).toBe('application/bpmn+xml')
    expect(received.headers[editorRequestHeader.toLowerCase()]).toBe('editor')
    expect(received.body).toBe(xml)
  })

  it('asks for a workflow as BPMN and hands back the file as it came', async () => {
    const file = await api.exportBpmn('refunds/eu')
    expect(received.url).toBe('/api/workflows/refunds%2Feu/export?format=bpmn')
    expect(received.headers.accept).toBe('application/bpmn+xml')
    expect(file).toBe(JSON.stringify({ items: [], method: 'GET' }))
  })

  it('adds only the filters given to a query', async () => {
    await api.listTasks({ status: 'open', workflowId: undefined, limit: 5 })
    expect(received.url).toBe('/api/tasks?status=open&limit=5')
  })

  it('throws an ApiError naming what failed, the status and the server’s message', async () => {
    const saving = api.saveWorkflow('refunds', { name: 'Refunds' } as never, 3)
    await expect(saving).rejects.toThrow(
      'Saving workflow "refunds" failed (409): Workflow "refunds" was saved as revision 4 since',
    )
    const error = await saving.catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 409, code: 'stale_revision' })
    expect(JSON.parse(received.body)).toEqual({ document: { name: 'Refunds' }, expectedRevision: 3 })
  })

  it('resolves an answer without a body, and refuses one that is not JSON', async () => {
    await expect(api.deleteWorkflow('refunds')).resolves.toBeUndefined()
    await expect(api.listExamples()).rejects.toThrow(
      'Loading the templates failed (200): the server answered something that is not JSON',
    )
  })
})
