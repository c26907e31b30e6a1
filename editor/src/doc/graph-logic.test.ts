import type { WorkflowDocument } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { copySelection, pasteChange } from './clipboard'
import { checkConnection, connectionChanges, exceptionHandle } from './connection-rules'
import { dataFieldsAt } from './data-fields'
import { laneAt } from './lane-bands'
import { removeLaneChanges } from './lane-changes'
import { createNode } from './new-node'
import { exampleDocument } from './test-documents'
import { WorkflowStore } from './workflow-store'

const doc = exampleDocument('order-to-cash')
const check = (source: string, target: string, sourceHandle?: string) =>
  checkConnection(doc, { source, target, sourceHandle })

describe('what can connect to what', () => {
  it('allows a step to lead to a step that has no exit yet', () => {
    const store = new WorkflowStore()
    store.load(doc)
    store.apply({ type: 'deleteElements', nodeIds: [], edgeIds: ['e-reserve-invoice'] })
    expect(
      checkConnection(store.getSnapshot(), { source: 'reserve-stock', target: 'create-invoice' }),
    ).toEqual({ ok: true })
  })

  it('refuses edges into triggers and out of ends', () => {
    expect(check('normalise-order', 'order-received')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('trigger'),
    })
    expect(check('order-declined', 'create-invoice')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('end'),
    })
  })

  it('refuses a node leading to itself and a second exit from a step', () => {
    expect(check('create-invoice', 'create-invoice').ok).toBe(false)
    expect(check('create-invoice', 'dunning-call')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('decision or a fork'),
    })
  })

  it('lets each decision branch lead to exactly one place', () => {
    expect(check('credit-check', 'create-invoice')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('branches'),
    })
    expect(check('credit-check', 'create-invoice', 'prepaid')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('Prepaid'),
    })
    const store = new WorkflowStore()
    store.load(doc)
    store.apply({ type: 'deleteElements', nodeIds: [], edgeIds: ['e-credit-prepaid'] })
    const changes = connectionChanges(store.getSnapshot(), {
      source: 'credit-check',
      sourceHandle: 'prepaid',
      target: 'create-invoice',
    })
    expect(changes).toEqual([
      {
        type: 'connect',
        edge: expect.objectContaining({
          source: 'credit-check',
          sourceHandle: 'prepaid',
          target: 'create-invoice',
          data: { label: 'Prepaid' },
        }),
      },
    ])
  })

  it('enters exceptions only through a step’s exception handle, which attaches them', () => {
    expect(check('create-invoice', 'stock-error').ok).toBe(false)
    expect(check('create-invoice', 'stock-error', exceptionHandle)).toEqual({ ok: true })
    expect(check('credit-check', 'stock-error', exceptionHandle).ok).toBe(false)
    expect(
      connectionChanges(doc, {
        source: 'create-invoice',
        target: 'stock-error',
        sourceHandle: exceptionHandle,
      }),
    ).toEqual([{ type: 'updateNodeData', id: 'stock-error', patch: { attachedTo: 'create-invoice' } }])
  })

  it('makes no change for a connection the rules refuse', () => {
    expect(connectionChanges(doc, { source: 'normalise-order', target: 'order-received' })).toEqual([])
  })
})

describe('new nodes', () => {
  it('get fresh ids and defaults for their kind', () => {
    const result = createNode(doc, 'decision', { x: 10.4, y: 20.6 }, { lane: 'credit' })
    expect(result).toMatchObject({
      ok: true,
      node: { id: 'decision-1', type: 'decision', position: { x: 10, y: 21 }, data: { lane: 'credit' } },
    })
  })

  it('refuse an exception with no step to attach to', () => {
    const empty: WorkflowDocument = { ...doc, nodes: [], edges: [] }
    expect(createNode(empty, 'exception', { x: 0, y: 0 })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('step'),
    })
  })
})

describe('copy and paste', () => {
  it('pastes copies with fresh ids, keeping the edges between them and re-attaching exceptions', () => {
    const clip = copySelection(doc, ['reserve-stock', 'stock-error', 'reserve-by-hand'])
    expect(clip.edges.map((edge) => edge.id)).toEqual(['e-stock-error-hand'])
    const change = pasteChange(doc, clip)
    const ids = change.nodes.map((node) => node.id)
    expect(ids.some((id) => doc.nodes.some((node) => node.id === id))).toBe(false)
    const exception = change.nodes.find((node) => node.type === 'exception')
    expect(exception?.type === 'exception' && exception.data.attachedTo).toBe(ids[0])
    expect(change.edges[0]).toMatchObject({ source: ids[1], target: ids[2] })
    expect(change.nodes[0]!.position).toEqual({ x: 1120, y: 880 })
  })
})

describe('data fields an expression can read', () => {
  it('offers the trigger inputs and the form fields of earlier steps, not of later ones', () => {
    const fields = dataFieldsAt(doc, 'payment-received')
    expect(fields).toEqual(expect.arrayContaining(['orderId', 'amount', 'creditLimit']))
    const reviewFields = doc.nodes.find((node) => node.id === 'review-credit')
    const reviewForm = reviewFields?.type === 'step' ? (reviewFields.data.human?.form.fields ?? []) : []
    for (const field of reviewForm) expect(dataFieldsAt(doc, 'credit-check')).not.toContain(field.id)
    const dunning = doc.nodes.find((node) => node.id === 'dunning-call')
    const dunningForm = dunning?.type === 'step' ? (dunning.data.human?.form.fields ?? []) : []
    for (const field of dunningForm) expect(fields).not.toContain(field.id)
  })

  it("offers a person's answers where the runtime saves them, and an automated step's result keys", () => {
    const withSaveAs = structuredClone(doc)
    const review = withSaveAs.nodes.find((node) => node.id === 'review-credit')!
    if (review.type === 'step') review.data.saveAs = 'review'
    const reviewForm = review.type === 'step' ? (review.data.human?.form.fields ?? []) : []
    const fields = dataFieldsAt(withSaveAs, 'payment-received')
    expect(reviewForm.length).toBeGreaterThan(0)
    for (const field of reviewForm) {
      expect(fields).toContain(`review.${field.id}`)
      expect(fields).not.toContain(field.id)
    }
    // The transform that normalises the order writes these keys out.
    expect(fields).toEqual(expect.arrayContaining(['customerRef', 'amountDue']))
  })
})

describe('removing a lane', () => {
  it('moves the lanes below up with their nodes, so each node stays in its own lane', () => {
    const store = new WorkflowStore()
    store.load(doc)
    store.apply(...removeLaneChanges(store.getSnapshot(), 'credit'))
    const after = store.getSnapshot()
    expect(after.lanes.map((lane) => lane.id)).not.toContain('credit')
    for (const node of after.nodes) {
      if (node.data.lane) expect(laneAt(after, node.type, node.position.y), node.id).toBe(node.data.lane)
    }
    expect(after.nodes.find((node) => node.id === 'review-credit')?.data.lane).toBeUndefined()
  })
})
