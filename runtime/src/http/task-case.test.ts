import type { WorkflowDocument } from '@conveyor/shared'
import type { Task, WorkflowRecord } from '@conveyor/shared/protocol/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, jsonOf, type Harness } from './test-support/app-harness'
import { orderOverLimit } from './test-support/fixtures'

let h: Harness

beforeAll(async () => {
  h = await createHarness()
  expect((await h.request('POST', '/api/workflows', { body: { fromExample: 'order-to-cash' } })).status).toBe(
    201,
  )
  expect((await h.request('POST', '/api/workflows/order-to-cash/deployments')).status).toBe(201)
})
afterAll(() => h.close())

async function reviewTask(): Promise<Task> {
  const started = await jsonOf(
    await h.request('POST', '/api/workflows/order-to-cash/instances', { body: orderOverLimit }),
  )
  const tasks = await jsonOf(await h.request('GET', `/api/tasks?instanceId=${started.instance.id}`))
  expect(tasks.items).toHaveLength(1)
  return tasks.items[0] as Task
}

/** Saves the draft after `change`, leaving what is deployed as it was. */
async function editDraft(change: (document: WorkflowDocument) => void): Promise<void> {
  const record = (await jsonOf(await h.request('GET', '/api/workflows/order-to-cash'))) as WorkflowRecord
  change(record.document)
  const saved = await h.request('PUT', '/api/workflows/order-to-cash', {
    body: { document: record.document, expectedRevision: record.revision },
  })
  expect(saved.status).toBe(200)
}

function reviewCredit(document: WorkflowDocument) {
  const step = document.nodes.find((node) => node.id === 'review-credit')
  if (step?.type !== 'step') throw new Error('order to cash has no "Review credit" step')
  return step
}

describe("a task shows the item's data, by label, and names rather than ids", () => {
  it("shows the trigger's inputs by their deployed labels, the workflow's name and the lanes' names", async () => {
    // A label changed in the draft after deploying does not reach tasks of the deployed version.
    await editDraft((document) => {
      const phone = document.nodes.find((node) => node.id === 'phone-order')
      if (phone?.type !== 'trigger') throw new Error('order to cash has no phone order trigger')
      phone.data.input!.fields.find((field) => field.id === 'orderId')!.label = 'Draft label'
    })
    const task = await reviewTask()
    expect(task).toMatchObject({
      label: 'Review credit',
      workflowName: 'Order to cash',
      lane: 'credit',
      laneName: 'Credit analyst',
    })
    const lines = Object.fromEntries((task.case ?? []).map((line) => [line.label, line]))
    expect(lines['Order number']).toEqual({
      path: 'orderId',
      label: 'Order number',
      type: 'text',
      value: 'SO-1001',
    })
    expect(lines['Order value']).toMatchObject({ type: 'number', value: 12_500 })
    expect(lines['Open credit limit']).toMatchObject({ value: 5_000 })
    expect(lines['Draft label']).toBeUndefined()
    // The step's own form is what the person fills in, not part of the case.
    expect(lines['Approved credit limit']).toBeUndefined()
  })

  it('shows only the fields the step chose, in its order, also those without a value', async () => {
    await editDraft((document) => {
      reviewCredit(document).data.caseFields = ['amount', 'orderId', 'approval.missing']
    })
    expect((await h.request('POST', '/api/workflows/order-to-cash/deployments')).status).toBe(201)
    const task = await reviewTask()
    expect(task.case).toEqual([
      { path: 'amount', label: 'Order value', type: 'number', value: 12_500 },
      { path: 'orderId', label: 'Order number', type: 'text', value: 'SO-1001' },
      { path: 'approval.missing', label: 'approval.missing' },
    ])
    // The same task read alone carries the same case.
    const alone = (await jsonOf(await h.request('GET', `/api/tasks/${task.id}`))) as Task
    expect(alone.case).toEqual(task.case)
  })
})
