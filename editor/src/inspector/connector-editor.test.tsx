// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { apiOrigin } from '../api/api-origin'
import { ConnectorEditor } from './connector-editor'

/** The runtime's `GET /api/secrets`: names only, as the runtime answers it. */
let stored: string[] = []
let server: Server

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url !== '/api/secrets') return response.writeHead(404).end('{}')
    const items = stored.map((name) => ({ name, createdAt: '', updatedAt: '', updatedBy: 'user:ops' }))
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  apiOrigin.value = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
afterEach(cleanup)

function renderHttpConnector() {
  render(
    <ConnectorEditor
      nodeId="pay"
      value={{ connector: { kind: 'http', method: 'POST', url: 'https://payouts.example/v1' } }}
      dataFields={[]}
      onChange={() => {}}
    />,
  )
  return screen.getByRole('group', { name: 'Stored secrets' })
}

describe("the http connector's form", () => {
  it("offers the runtime's secrets as references to write", async () => {
    stored = ['PAYOUT_KEY', 'SIGNING_KEY']
    const secrets = renderHttpConnector()
    expect(await within(secrets).findByText('{{secret:PAYOUT_KEY}}')).toBeTruthy()
    expect(within(secrets).getByText('{{secret:SIGNING_KEY}}')).toBeTruthy()
  })

  it('says how to use one when none is stored', async () => {
    stored = []
    const secrets = renderHttpConnector()
    expect(await within(secrets).findByText(/No secrets are stored yet/)).toBeTruthy()
  })
})
