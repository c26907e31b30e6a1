import { examples } from '@conveyor/examples'
import { expect } from 'vitest'
import { createHarness, jsonOf, type Harness } from './app-harness'
import { orderOverLimit } from './fixtures'
import { startStandInSystems, withStandIns, type StandInSystems } from './stand-in-systems'

/** Where order-to-cash sends its invoices, on the stand-ins. */
export const invoicing = '/api/v2/invoices'
/** A prepaid order goes straight to stock and invoicing, with no person involved. */
export const prepaidOrder = { ...orderOverLimit, input: { ...orderOverLimit.input, paymentTerms: 'prepaid' } }

export interface OrderToCashRun {
  h: Harness
  standIns: StandInSystems
  close(): Promise<void>
}

/** The real app with order-to-cash deployed against stand-ins of its outside systems. */
export async function deployOrderToCash(): Promise<OrderToCashRun> {
  const standIns = await startStandInSystems()
  const h = await createHarness({ allowPrivateHosts: ['127.0.0.1'] })
  const example = examples.find((candidate) => candidate.slug === 'order-to-cash')!
  const document = withStandIns(example.document, standIns.origin)
  expect((await h.request('POST', '/api/workflows', { body: { document } })).status).toBe(201)
  expect((await h.request('POST', '/api/workflows/order-to-cash/deployments')).status).toBe(201)
  return {
    h,
    standIns,
    close: async () => {
      await h.close()
      await standIns.close()
    },
  }
}

/** Reads until `done` holds (polling the committed state), or gives up after 10 s. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const value = await read()
    if (done(value)) return value
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('gave up waiting')
}

export interface OpenIncident {
  id: string
  nodeId: string
  status: string
  error: string
}

/** The instance's state, data and history as the API shows them. */
export async function instanceDetail(h: Harness, instanceId: string) {
  return jsonOf(await h.request('GET', `/api/instances/${instanceId}`))
}

/** The instance's open incidents, once there is one. */
export function openIncidentsOf(h: Harness, instanceId: string): Promise<[OpenIncident, ...OpenIncident[]]> {
  return until(
    async () =>
      (await jsonOf(await h.request('GET', `/api/incidents?instanceId=${instanceId}&status=open`))).items,
    (items) => items.length > 0,
  )
}

/** Skips the invoicing incident with an invoice number given by hand; the instance's data once past it. */
export async function skipInvoicing(
  h: Harness,
  instanceId: string,
  incidentId: string,
  token?: string,
): Promise<Record<string, unknown>> {
  const invoiceNumber = `BY-HAND-${incidentId.slice(0, 8)}`
  const skipped = await h.request('POST', `/api/incidents/${incidentId}/skip`, {
    token,
    body: { result: { invoiceNumber } },
  })
  expect(skipped.status).toBe(200)
  const moved = await until(
    () => instanceDetail(h, instanceId),
    (detail) => !detail.activeNodes.includes('create-invoice'),
  )
  expect(moved.data.invoiceNumber).toBe(invoiceNumber)
  return moved.data
}
