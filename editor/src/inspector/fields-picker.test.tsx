// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { openNodeInspector } from './open-node-inspector'

afterEach(cleanup)

function openStep(nodeId: string, example = 'order-to-cash') {
  const { dataOf, rerender } = openNodeInspector(nodeId, example)
  return {
    chosen: () => dataOf('step').caseFields,
    assistantReads: () => dataOf('step').augment?.assistant.sees,
    rerender,
  }
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
    // An automated step's results are offered too, named after the step.
    for (const label of [
      'Customer account',
      'Customer e-mail',
      'Currency',
      'Payment terms',
      'Normalise order: customerRef',
      'Normalise order: amountDue',
    ]) {
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
