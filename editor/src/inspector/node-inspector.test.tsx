// @vitest-environment jsdom
import type { WorkflowNode } from '@conveyor/shared'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { exampleDocument } from '../doc/test-documents'
import { WorkflowStore } from '../doc/workflow-store'
import { NodeInspector } from './node-inspector'

afterEach(cleanup)

function openInspector(nodeId: string) {
  const store = new WorkflowStore()
  store.load(exampleDocument('order-to-cash'))
  const node = () => store.getSnapshot().nodes.find((entry) => entry.id === nodeId) as WorkflowNode
  const view = render(<NodeInspector node={node()} document={store.getSnapshot()} store={store} />)
  const rerender = () =>
    view.rerender(<NodeInspector node={node()} document={store.getSnapshot()} store={store} />)
  const stepData = () => {
    const current = node()
    if (current.type !== 'step') throw new Error(`${nodeId} is a ${current.type}, not a step`)
    return current.data
  }
  return { store, node, stepData, rerender }
}

describe('the node inspector', () => {
  it('switches a step’s mode from the inspector', () => {
    const { stepData } = openInspector('review-credit')
    fireEvent.click(screen.getByRole('radio', { name: /Automate/ }))
    expect(stepData().mode).toBe('automate')
  })

  it('renames a node when the name field is left, as one undoable change', () => {
    const { node, store } = openInspector('review-credit')
    const name = screen.getByRole('textbox', { name: 'Name' })
    fireEvent.change(name, { target: { value: 'Review the credit limit' } })
    fireEvent.blur(name)
    expect(node().data.label).toBe('Review the credit limit')
    act(() => store.undo())
    expect(node().data.label).toBe('Review credit')
  })

  it('puts the name back when someone leaves it empty: a node needs a name', () => {
    const { node } = openInspector('review-credit')
    const name = screen.getByRole('textbox', { name: 'Name' }) as HTMLInputElement
    fireEvent.change(name, { target: { value: '' } })
    fireEvent.blur(name)
    expect(node().data.label).toBe('Review credit')
    expect(name.value).toBe('Review credit')
  })

  it('adds a form field by its label, keyed after it, and removes it', () => {
    const { stepData, rerender } = openInspector('review-credit')
    const fields = () => stepData().human!.form.fields
    const before = fields().length
    const addField = screen.getByRole('button', { name: 'Add field' })
    expect(addField).toHaveProperty('disabled', true)
    fireEvent.change(screen.getByRole('textbox', { name: 'Label of the new field' }), {
      target: { value: 'Order number' },
    })
    fireEvent.click(addField)
    expect(fields().at(-1)).toEqual({
      id: 'orderNumber',
      label: 'Order number',
      type: 'text',
      required: false,
    })
    rerender()
    expect(screen.getByText('Kept in the instance data as orderNumber')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Remove field Order number' }))
    expect(fields().length).toBe(before)
  })

  it('keeps a field’s key when its label is renamed: expressions refer to it', () => {
    const { stepData } = openInspector('review-credit')
    const first = stepData().human!.form.fields[0]!
    const label = screen.getByRole('textbox', { name: 'Label of field 1' })
    fireEvent.change(label, { target: { value: 'Something else entirely' } })
    fireEvent.blur(label)
    expect(stepData().human!.form.fields[0]).toEqual({ ...first, label: 'Something else entirely' })
  })

  it('gives a step switched to augment an assistant whose output field is ready, picked by label', () => {
    const { stepData, rerender } = openInspector('review-credit')
    fireEvent.click(screen.getByRole('radio', { name: /Augment/ }))
    const { augment } = stepData()
    expect(augment?.form.fields).toEqual([{ id: 'draft', label: 'Draft', type: 'longtext', required: true }])
    expect(augment?.assistant).toMatchObject({ produces: 'draft', field: 'draft' })
    rerender()
    const fills = screen.getByRole('combobox', {
      name: 'Suggestion fills the form field',
    }) as HTMLSelectElement
    expect(fills.selectedOptions[0]?.textContent).toBe('Draft')
    fireEvent.change(screen.getByRole('combobox', { name: 'The assistant produces' }), {
      target: { value: 'classification' },
    })
    const classified = stepData().augment!
    const output = classified.form.fields.find((field) => field.id === classified.assistant.field)
    expect(output).toMatchObject({ label: 'Category', type: 'select' })
    expect(output?.options).toEqual(classified.assistant.labels)
    expect(classified.form.fields.map((field) => field.label)).toEqual(['Category'])
  })

  it('adds a branch to a decision and makes it the default', () => {
    const { node, rerender } = openInspector('credit-check')
    fireEvent.click(screen.getByRole('button', { name: 'Add branch' }))
    rerender()
    const decision = node() as Extract<WorkflowNode, { type: 'decision' }>
    const added = decision.data.branches.at(-1)!
    fireEvent.change(screen.getByRole('combobox', { name: /Default branch/ }), {
      target: { value: added.id },
    })
    expect((node() as typeof decision).data.defaultBranch).toBe(added.id)
  })

  it('keeps current-state facts within the model’s limits', () => {
    const { stepData } = openInspector('review-credit')
    const errorRate = screen.getByRole('spinbutton', { name: 'Error rate (0–1)' })
    expect(errorRate).toHaveProperty('max', '1')
    fireEvent.change(errorRate, { target: { value: '0.25' } })
    fireEvent.blur(errorRate)
    expect(stepData().facts?.errorRate).toBe(0.25)
  })
})

describe('decision branches and their edges', () => {
  it('renaming a branch renames its edge; removing it removes the edge, in one undo step', () => {
    const { store, rerender } = openInspector('credit-check')
    const edge = () => store.getSnapshot().edges.find((entry) => entry.id === 'e-credit-over')
    const name = screen.getByRole('textbox', { name: 'Name of branch 3' })
    fireEvent.change(name, { target: { value: 'Above the limit' } })
    fireEvent.blur(name)
    expect(edge()?.data?.label).toBe('Above the limit')
    rerender()
    const before = store.getSnapshot()
    fireEvent.click(screen.getByRole('button', { name: 'Remove branch Above the limit' }))
    expect(edge()).toBeUndefined()
    act(() => store.undo())
    expect(store.getSnapshot()).toEqual(before)
  })
})

describe('choosing where a node leads, from the keyboard', () => {
  it('redirects a step to another node in one undoable change, offering only allowed targets', () => {
    const { store } = openInspector('reserve-stock')
    const leadsTo = screen.getByRole('combobox', { name: 'Leads to' }) as HTMLSelectElement
    const offered = [...leadsTo.options].map((option) => option.value)
    expect(offered).toContain('create-invoice')
    expect(offered).not.toContain('order-received')
    expect(offered).not.toContain('reserve-stock')
    const before = store.getSnapshot()
    fireEvent.change(leadsTo, { target: { value: 'dunning-call' } })
    const exits = () => store.getSnapshot().edges.filter((edge) => edge.source === 'reserve-stock')
    expect(exits().map((edge) => edge.target)).toEqual(['dunning-call'])
    act(() => store.undo())
    expect(store.getSnapshot()).toEqual(before)
    fireEvent.change(leadsTo, { target: { value: '' } })
    expect(exits()).toEqual([])
  })

  it('sets where each branch of a decision leads', () => {
    const { store } = openInspector('credit-check')
    fireEvent.change(screen.getByRole('combobox', { name: 'Prepaid leads to' }), {
      target: { value: 'create-invoice' },
    })
    const prepaid = store
      .getSnapshot()
      .edges.filter((edge) => edge.source === 'credit-check' && edge.sourceHandle === 'prepaid')
    expect(prepaid.map((edge) => [edge.target, edge.data?.label])).toEqual([['create-invoice', 'Prepaid']])
  })
})
