import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonOf, type Harness } from './test-support/app-harness'
import {
  deployOrderToCash,
  instanceDetail,
  invoicing,
  openIncidentsOf,
  prepaidOrder,
  skipInvoicing,
  until,
  type OrderToCashRun,
} from './test-support/order-to-cash-run'
import type { StandInSystems } from './test-support/stand-in-systems'

let run: OrderToCashRun
let h: Harness
let standIns: StandInSystems

beforeAll(async () => {
  run = await deployOrderToCash()
  ;({ h, standIns } = run)
})
afterAll(() => run.close())

/** Starts a prepaid order while invoicing refuses it, and returns the incident that leaves. */
async function incidentOnInvoicing() {
  standIns.refusing.add(invoicing)
  const started = await jsonOf(
    await h.request('POST', '/api/workflows/order-to-cash/instances', { body: prepaidOrder }),
  )
  const instanceId = started.instance.id
  const incidents = await openIncidentsOf(h, instanceId)
  expect(incidents[0]).toMatchObject({
    nodeId: 'create-invoice',
    status: 'open',
    error: expect.stringMatching(/400/),
  })
  return { instanceId, incident: incidents[0] }
}

const instance = (id: string) => instanceDetail(h, id)

describe('incidents, resolved through the API', () => {
  it('retry runs the failed step again once the outside system is back', async () => {
    const { instanceId, incident } = await incidentOnInvoicing()
    expect((await instance(instanceId)).openIncidents).toHaveLength(1)
    standIns.refusing.delete(invoicing)
    const retried = await h.request('POST', `/api/incidents/${incident.id}/retry`, {
      token: h.tokens.operator,
    })
    expect(retried.status).toBe(200)
    expect((await jsonOf(retried)).status).toBe('retried')
    const moved = await until(
      () => instance(instanceId),
      (detail) => !detail.activeNodes.includes('create-invoice'),
    )
    expect(moved.data.invoiceNumber).toBe('INV-1')
    const again = await h.request('POST', `/api/incidents/${incident.id}/retry`, { token: h.tokens.operator })
    expect(again.status).toBe(409)
  })

  it('skip goes on with the result an operator gives', async () => {
    const { instanceId, incident } = await incidentOnInvoicing()
    await skipInvoicing(h, instanceId, incident.id, h.tokens.operator)
  })

  it('cancel ends the instance', async () => {
    const { instanceId, incident } = await incidentOnInvoicing()
    const cancelled = await h.request('POST', `/api/incidents/${incident.id}/cancel`, {
      token: h.tokens.operator,
    })
    expect(cancelled.status).toBe(200)
    expect((await instance(instanceId)).status).toBe('cancelled')
  })
})
