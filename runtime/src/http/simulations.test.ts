import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonOf } from './test-support/app-harness'
import { callApi } from './test-support/api-calls'
import { startFullServer, type FullServer } from './test-support/full-server'

let full: FullServer
let viewer: string

beforeAll(async () => {
  full = await startFullServer()
  expect(
    (await call(full.adminToken, 'POST', '/api/workflows', { fromExample: 'ticket-to-resolution' })).status,
  ).toBe(201)
  const created = await call(full.adminToken, 'POST', '/api/tokens', { name: 'vera', role: 'viewer' })
  viewer = (await jsonOf(created)).secret
})
afterAll(() => full.close())

const call = (token: string | null, method: string, path: string, body?: unknown) =>
  callApi(full.origin, token, method, path, body)

const simulate = (body: unknown, token: string | null = viewer, id = 'ticket-to-resolution') =>
  call(token, 'POST', `/api/workflows/${id}/simulations`, body)

describe('POST /api/workflows/{id}/simulations', () => {
  it('answers a viewer with the baseline and the scenario side by side, the same for the same seed', async () => {
    const body = { scenario: { volumeFactor: 2 }, items: 5_000, seed: 7 }
    const response = await simulate(body)
    expect(response.status).toBe(200)
    const result = await jsonOf(response)
    expect(result.baseline.bottleneck.lane).toBe('tier2')
    const tier2 = (outputs: { lanes: Array<{ id: string; utilisation: number }> }) =>
      outputs.lanes.find((lane) => lane.id === 'tier2')!.utilisation
    expect(tier2(result.scenario) / tier2(result.baseline)).toBeCloseTo(2, 0)
    expect(result.scenario.arrived).toBe(5_000)
    expect(result.verdict).toMatch(/^Tier 2 specialists stays the bottleneck at ×2 volume/)
    expect(result.baseline.assumptions.map((assumption: { field: string }) => assumption.field)).toContain(
      'branches',
    )
    expect(await jsonOf(await simulate(body))).toEqual(result)
  })

  it('names each field of a scenario the workflow cannot take, with a 422', async () => {
    const response = await simulate({
      scenario: { steps: { 'draft-replies': { mode: 'automate' } }, lanes: { tier2: { people: -1 } } },
    })
    expect(response.status).toBe(422)
    const { error } = await jsonOf(response)
    expect(error.code).toBe('invalid_simulation')
    expect(error.details.fields).toEqual([
      { path: 'scenario.lanes.tier2.people', message: 'must be 0 or more' },
    ])
    expect(error.message).toBe('Cannot simulate: scenario.lanes.tier2.people: must be 0 or more')

    const unknown = await simulate({ scenario: { steps: { 'draft-replies': { mode: 'automate' } } } })
    expect(unknown.status).toBe(422)
    expect((await jsonOf(unknown)).error.details.fields).toEqual([
      { path: 'scenario.steps.draft-replies', message: 'this workflow has no step "draft-replies"' },
    ])
  })

  it('calibrates from the runs of the last days when asked, and says the facts were used where runs were too few', async () => {
    const response = await simulate({
      scenario: { volumeFactor: 2 },
      items: 2_000,
      calibrateFromRuns: { days: 30 },
    })
    expect(response.status).toBe(200)
    const result = await jsonOf(response)
    expect(result.calibration).toMatchObject({ days: 30, items: 0, least: 30 })
    const figures: Array<{ source: string; field: string; observations: number }> = result.calibration.figures
    expect(figures.length).toBeGreaterThan(1)
    expect(figures.every((figure) => figure.source === 'facts' && figure.observations === 0)).toBe(true)
    expect(figures[0]).toMatchObject({ field: 'facts.volumePerWeek' })
    // With no runs to go by, the facts give the same answer as without calibration.
    const plain = await jsonOf(await simulate({ scenario: { volumeFactor: 2 }, items: 2_000 }))
    expect(result.scenario.leadTimeMinutes).toEqual(plain.scenario.leadTimeMinutes)
    expect(plain.calibration).toBeUndefined()
  })

  it('answers the fitted figures on their own, for the editor to simulate with', async () => {
    const response = await call(viewer, 'GET', '/api/workflows/ticket-to-resolution/calibration?days=7')
    expect(response.status).toBe(200)
    const calibration = await jsonOf(response)
    expect(calibration).toMatchObject({ handling: {}, branches: {}, report: { days: 7, items: 0 } })
    const bad = await call(viewer, 'GET', '/api/workflows/ticket-to-resolution/calibration?days=0')
    expect(bad.status).toBe(400)
    expect((await jsonOf(bad)).error.message).toBe('Invalid query: days: must be at least 1')
    const period = await simulate({ calibrateFromRuns: { days: 1.5 } })
    expect((await jsonOf(period)).error.details.fields).toEqual([
      { path: 'calibrateFromRuns.days', message: 'must be a whole number' },
    ])
  })

  it('keeps runs within the item limit', async () => {
    const response = await simulate({ items: 1_000_000 })
    expect(response.status).toBe(422)
    expect((await jsonOf(response)).error.details.fields).toEqual([
      { path: 'items', message: 'must be at most 20,000' },
    ])
  })

  it('needs a token, and a workflow that exists', async () => {
    expect((await simulate({}, null)).status).toBe(401)
    const missing = await simulate({}, viewer, 'no-such-workflow')
    expect(missing.status).toBe(404)
  })

  it('is described in the OpenAPI document', async () => {
    const openApi = await jsonOf(await call(null, 'GET', '/api/openapi.json'))
    const operation = openApi.paths['/api/workflows/{id}/simulations'].post
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '404', '422']))
    expect(openApi.components.schemas.SimulationResult).toBeDefined()
  })
})
