import { examples } from '@conveyor/examples'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'

let h: Harness

beforeAll(async () => {
  h = await createHarness()
})
afterAll(() => h.close())

const create = async (body: unknown) => h.request('POST', '/api/workflows', { token: h.tokens.editor, body })

describe('workflows through the API', () => {
  it('starts a blank workflow with an id made from its name', async () => {
    const response = await create({ name: 'Returns & refunds', description: 'From parcel to refund' })
    expect(response.status).toBe(201)
    const record = await jsonOf(response)
    expect(record).toMatchObject({
      id: 'returns-refunds',
      name: 'Returns & refunds',
      revision: expect.any(Number),
    })
    expect(record.document).toMatchObject({ schemaVersion: 1, nodes: [], edges: [] })
  })

  it('copies an example, counting the id up when it is taken', async () => {
    const first = await jsonOf(await create({ fromExample: 'invoice-intake' }))
    const second = await jsonOf(await create({ fromExample: 'invoice-intake', name: 'Invoices, Spain' }))
    expect(first.id).toBe('invoice-intake')
    expect(second).toMatchObject({ id: 'invoice-intake-2', name: 'Invoices, Spain' })
    expect(second.document.nodes).toEqual(first.document.nodes)
  })

  it('refuses a chosen id that is taken', async () => {
    const taken = await create({ fromExample: 'invoice-intake', id: 'invoice-intake' })
    expect(taken.status).toBe(409)
  })

  it('stores an uploaded document, also when its id is taken', async () => {
    const { document } = await jsonOf(await h.request('GET', '/api/workflows/invoice-intake'))
    const uploaded = await jsonOf(await create({ document }))
    expect(uploaded.id).toBe('invoice-intake-3')
    expect(uploaded.document.nodes).toEqual(document.nodes)
  })

  it('saves changes, refusing a save based on an old revision', async () => {
    const record = await jsonOf(await h.request('GET', '/api/workflows/returns-refunds'))
    const document = { ...record.document, name: 'Returns' }
    const saved = await h.request('PUT', '/api/workflows/returns-refunds', {
      token: h.tokens.editor,
      body: { document, expectedRevision: record.revision },
    })
    expect(saved.status).toBe(200)
    expect(await jsonOf(saved)).toMatchObject({ name: 'Returns', revision: record.revision + 1 })
    const stale = await h.request('PUT', '/api/workflows/returns-refunds', {
      token: h.tokens.editor,
      body: { document, expectedRevision: record.revision },
    })
    expect(stale.status).toBe(409)
    expect((await jsonOf(stale)).error.code).toBe('stale_revision')
  })

  it('deletes a workflow', async () => {
    expect(
      (await h.request('DELETE', '/api/workflows/invoice-intake-3', { token: h.tokens.editor })).status,
    ).toBe(204)
    expect((await h.request('GET', '/api/workflows/invoice-intake-3')).status).toBe(404)
  })

  it('lists the examples as templates', async () => {
    const { items } = await jsonOf(await h.request('GET', '/api/examples', { token: h.tokens.viewer }))
    expect(items.map((example: { slug: string }) => example.slug)).toEqual(
      examples.map((example) => example.slug),
    )
    expect(items[0]).toMatchObject({ title: expect.any(String), nodeCount: expect.any(Number) })
  })
})
