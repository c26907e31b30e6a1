// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { openNodeInspector } from './open-node-inspector'

afterEach(cleanup)

describe('the node inspector', () => {
  it('renames a node when the name field is left, as one undoable change', () => {
    const { node, store } = openNodeInspector('review-credit')
    const name = screen.getByRole('textbox', { name: 'Name' })
    fireEvent.change(name, { target: { value: 'Review the credit limit' } })
    fireEvent.blur(name)
    expect(node().data.label).toBe('Review the credit limit')
    act(() => store.undo())
    expect(node().data.label).toBe('Review credit')
  })

  it('puts the name back when someone leaves it empty: a node needs a name', () => {
    const { node } = openNodeInspector('review-credit')
    const name = screen.getByRole('textbox', { name: 'Name' }) as HTMLInputElement
    fireEvent.change(name, { target: { value: '' } })
    fireEvent.blur(name)
    expect(node().data.label).toBe('Review credit')
    expect(name.value).toBe('Review credit')
  })
})

describe('what an import left to check on a node', () => {
  const finding = {
    message: 'A subprocess became one human step; its 3 inner elements are not in the workflow',
    hint: 'Draw its work as steps in this workflow, or keep it as one step done by people.',
  }

  it('is shown with its advice until someone marks it checked, as one undoable change', () => {
    const { node, store, rerender } = openNodeInspector('review-credit')
    expect(screen.queryByRole('region', { name: 'To check since the import' })).toBeNull()
    act(() => store.apply({ type: 'updateNodeData', id: 'review-credit', patch: { toCheck: [finding] } }))
    rerender()
    const section = screen.getByRole('region', { name: 'To check since the import' })
    expect(section.textContent).toContain(`${finding.message}. ${finding.hint}`)

    fireEvent.click(screen.getByRole('button', { name: 'Mark as checked' }))
    expect(node().data).not.toHaveProperty('toCheck')
    rerender()
    expect(screen.queryByRole('region', { name: 'To check since the import' })).toBeNull()
    act(() => store.undo())
    expect(node().data.toCheck).toEqual([finding])
  })
})

describe('choosing where a node leads, from the keyboard', () => {
  it('redirects a step to another node in one undoable change, offering only allowed targets', () => {
    const { store } = openNodeInspector('reserve-stock')
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
    const { store } = openNodeInspector('credit-check')
    fireEvent.change(screen.getByRole('combobox', { name: 'Prepaid leads to' }), {
      target: { value: 'create-invoice' },
    })
    const prepaid = store
      .getSnapshot()
      .edges.filter((edge) => edge.source === 'credit-check' && edge.sourceHandle === 'prepaid')
    expect(prepaid.map((edge) => [edge.target, edge.data?.label])).toEqual([['create-invoice', 'Prepaid']])
  })
})
