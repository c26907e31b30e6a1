import { mapOnlyDocument, mapOnlySetupItems } from '@conveyor/shared/testing/map-only-document'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'

let h: Harness

beforeAll(async () => {
  h = await createHarness()
})
afterAll(() => h.close())

describe('deploying needs a workflow that is ready to run, not only a complete map', () => {
  it('refuses a complete map with 422, one diagnostic per thing to set up, each naming its node', async () => {
    const created = await h.request('POST', '/api/workflows', { body: { document: mapOnlyDocument() } })
    expect(created.status).toBe(201)
    const refused = await h.request('POST', '/api/workflows/refund-map/deployments')
    expect(refused.status).toBe(422)
    const { error } = await jsonOf(refused)
    expect(error.code).toBe('invalid_workflow')
    expect(error.message).toBe(
      'Workflow "refund-map" cannot be deployed yet: Map complete · 3 things to set up before it can run',
    )
    const blocking = error.details.diagnostics.filter((d: { severity: string }) => d.severity === 'error')
    expect(blocking.map((d: { code: string; nodeId: string }) => [d.code, d.nodeId])).toEqual(
      mapOnlySetupItems,
    )
    for (const diagnostic of blocking) expect(diagnostic).toMatchObject({ level: 'run' })
    const listed = await jsonOf(await h.request('GET', '/api/workflows/refund-map/deployments'))
    expect(listed).toEqual({ items: [] })
  })

  it('deploys once the last thing is set up', async () => {
    const document = mapOnlyDocument()
    for (const node of document.nodes) {
      if (node.type === 'step' && node.id === 'check-order')
        node.data.automate = { connector: { kind: 'transform', expression: '{ "checked": true }' } }
      if (node.type === 'step' && node.data.augment)
        node.data.augment.form.fields = [{ id: 'draft', label: 'Draft', type: 'longtext' }]
      if (node.type === 'decision') node.data.branches[0]!.condition = 'amount > 100'
    }
    const saved = await h.request('PUT', '/api/workflows/refund-map', { body: { document } })
    expect(saved.status).toBe(200)
    const deployed = await h.request('POST', '/api/workflows/refund-map/deployments')
    expect(deployed.status).toBe(201)
    const { diagnostics } = await jsonOf(deployed)
    expect(diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([])
  })
})
