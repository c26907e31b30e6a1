// @vitest-environment jsdom
import type { WorkflowNode } from '@conveyor/shared'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { exampleDocument } from '../doc/test-documents'
import { WorkflowStore } from '../doc/workflow-store'
import { NodeInspector } from './node-inspector'

afterEach(cleanup)

function openStep(nodeId: string) {
  const store = new WorkflowStore()
  store.load(exampleDocument('order-to-cash'))
  const node = () => store.getSnapshot().nodes.find((entry) => entry.id === nodeId) as WorkflowNode
  const tree = () => <NodeInspector node={node()} document={store.getSnapshot()} store={store} />
  const view = render(tree())
  const chosen = () => {
    const current = node()
    return current.type === 'step' ? current.data.caseFields : undefined
  }
  return { chosen, rerender: () => view.rerender(tree()) }
}

describe("choosing the item's fields a step's task shows", () => {
  it('starts from the default, offers the fields by label and keeps the ones ticked, in order', () => {
    const step = openStep('review-credit')
    const section = screen.getByRole('region', { name: 'Shown in the inbox' })
    const choose = within(section).getByRole('checkbox', { name: 'Choose the fields shown' })
    expect(step.chosen()).toBeUndefined()

    fireEvent.click(choose)
    step.rerender()
    expect(step.chosen()).toEqual(expect.arrayContaining(['orderId', 'amount', 'creditLimit']))
    const fields = within(section).getByRole('group', { name: 'Fields shown' })
    for (const label of ['Customer account', 'Customer e-mail', 'Currency', 'Payment terms']) {
      fireEvent.click(within(fields).getByRole('checkbox', { name: label }))
      step.rerender()
    }
    expect(step.chosen()).toEqual(['orderId', 'amount', 'creditLimit'])
    expect((within(fields).getByRole('checkbox', { name: 'Order number' }) as HTMLInputElement).checked).toBe(
      true,
    )

    fireEvent.click(choose)
    step.rerender()
    expect(step.chosen()).toBeUndefined()
  })
})
