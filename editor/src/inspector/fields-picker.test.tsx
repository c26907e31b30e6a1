// @vitest-environment jsdom
import type { WorkflowNode } from '@conveyor/shared'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { exampleDocument } from '../doc/test-documents'
import { WorkflowStore } from '../doc/workflow-store'
import { NodeInspector } from './node-inspector'

afterEach(cleanup)

function openStep(nodeId: string, example = 'order-to-cash') {
  const store = new WorkflowStore()
  store.load(exampleDocument(example))
  const node = () => store.getSnapshot().nodes.find((entry) => entry.id === nodeId) as WorkflowNode
  const tree = () => <NodeInspector node={node()} document={store.getSnapshot()} store={store} />
  const view = render(tree())
  const chosen = () => {
    const current = node()
    return current.type === 'step' ? current.data.caseFields : undefined
  }
  const assistantReads = () => {
    const current = node()
    return current.type === 'step' ? current.data.augment?.assistant.sees : undefined
  }
  return { chosen, assistantReads, rerender: () => view.rerender(tree()) }
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

describe('choosing what an assistant may read', () => {
  it('shows the fields it reads by label, and takes one away', () => {
    const step = openStep('classify-request', 'it-hr-triage')
    const section = screen.getByRole('region', { name: 'What the assistant may read' })
    const fields = within(section).getByRole('group', { name: 'Fields it may read' })
    expect(step.assistantReads()).toEqual(['summary', 'details'])
    const summary = within(fields).getByRole('checkbox', { name: 'What do you need?' }) as HTMLInputElement
    expect(summary.checked).toBe(true)
    fireEvent.click(summary)
    step.rerender()
    expect(step.assistantReads()).toEqual(['details'])
  })
})
