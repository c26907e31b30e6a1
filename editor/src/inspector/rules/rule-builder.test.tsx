// @vitest-environment jsdom
import type { WorkflowNode } from '@conveyor/shared'
import {
  editExpression,
  expressionText,
  replaceText,
  type ExpressionFieldRef,
} from '@conveyor/shared/ydoc/expression-texts'
import * as Y from 'yjs'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import { ReadOnlyContext } from '../../app/read-only'
import { Presence } from '../../collab/presence'
import { exampleDocument } from '../../doc/test-documents'
import { WorkflowStore } from '../../doc/workflow-store'
import { ExpressionCollaborationProvider } from '../../monaco/expression-collaboration'
import { NodeInspector } from '../node-inspector'

afterEach(cleanup)

interface Opened {
  store: WorkflowStore
  condition: (branchId: string) => string | undefined
  rerender: () => void
}

function openDecision(example: string, nodeId: string, { live = false, readOnly = false } = {}): Opened {
  const store = new WorkflowStore()
  store.load(exampleDocument(example))
  const node = () => store.getSnapshot().nodes.find((entry) => entry.id === nodeId) as WorkflowNode
  const presence = live ? new Presence(new Awareness(store.y.ydoc)) : undefined
  const tree = () => (
    <ReadOnlyContext value={readOnly}>
      <ExpressionCollaborationProvider store={store} presence={presence}>
        <NodeInspector
          workflowId="test-workflow"
          node={node()}
          document={store.getSnapshot()}
          store={store}
        />
      </ExpressionCollaborationProvider>
    </ReadOnlyContext>
  )
  const view = render(tree())
  const condition = (branchId: string) => {
    const current = node()
    if (current.type !== 'decision') throw new Error(`${nodeId} is not a decision`)
    return current.data.branches.find((branch) => branch.id === branchId)?.condition
  }
  return { store, condition, rerender: () => view.rerender(tree()) }
}

/** A rule's fieldset, found by its legend (role queries over the whole inspector are slow in jsdom). */
function ruleOf(label: string) {
  const fieldset = screen.getByText(label, { selector: 'legend' }).closest('fieldset')
  if (!fieldset) throw new Error(`${label} is not a rule`)
  return within(fieldset)
}
const select = (element: HTMLElement, value: string) => fireEvent.change(element, { target: { value } })
/** Picks an option of a select by the words it shows. */
function choose(scope: ReturnType<typeof ruleOf>, name: string, optionLabel: string) {
  const box = scope.getByLabelText(name) as HTMLSelectElement
  const option = [...box.options].find((entry) => entry.text === optionLabel)
  if (!option) throw new Error(`${name} offers no "${optionLabel}"`)
  select(box, option.value)
}
/** Types a value as a person does: the field takes it when they leave. */
function type(scope: ReturnType<typeof ruleOf>, name: string, value: string) {
  const box = scope.getByLabelText(name)
  fireEvent.change(box, { target: { value } })
  fireEvent.blur(box)
}
const shown = (scope: ReturnType<typeof ruleOf>, name: string) =>
  (scope.getByLabelText(name) as HTMLInputElement | HTMLSelectElement).value
const shownOption = (scope: ReturnType<typeof ruleOf>, name: string) =>
  (scope.getByLabelText(name) as HTMLSelectElement).selectedOptions[0]?.text

// Each test renders the whole inspector in jsdom, which takes seconds on a busy two-core machine.
describe('the rule builder of a decision', { timeout: 20_000 }, () => {
  it('builds a condition from a field chosen by its label, an operator and a value, and writes the JSONata', () => {
    const { condition, rerender } = openDecision('lead-to-customer', 'qualify')
    const rule = ruleOf('Condition for Not a fit yet')
    choose(rule, 'Field', 'Employees')
    choose(rule, 'Operator', 'is less than')
    // Nothing is written until the condition is complete.
    expect(condition('not-a-fit')).toBeUndefined()
    type(rule, 'Value', '50')
    expect(condition('not-a-fit')).toBe('employees < 50')
    rerender()
    // A number field takes a number.
    expect(ruleOf('Condition for Not a fit yet').getByRole('spinbutton', { name: 'Value' })).toHaveProperty(
      'value',
      '50',
    )
  })

  it('shows a condition the builder can read as its rows, with values of the field’s type', () => {
    openDecision('order-to-cash', 'credit-check')
    const rule = ruleOf('Condition for Prepaid')
    expect(shownOption(rule, 'Field')).toBe('Payment terms')
    expect(shown(rule, 'Operator')).toBe('is')
    // A choice field offers its choices.
    expect(shown(rule, 'Value')).toBe('prepaid')
  })

  it('joins conditions by all or any', () => {
    const { condition } = openDecision('order-to-cash', 'credit-check')
    const rule = ruleOf('Condition for Prepaid')
    fireEvent.click(rule.getByRole('button', { name: 'Add a condition' }))
    choose(rule, 'Field 2', 'Order value')
    choose(rule, 'Operator 2', 'is at most')
    type(rule, 'Value 2', '1000')
    expect(condition('prepaid')).toBe('paymentTerms = "prepaid" and amount <= 1000')
    choose(rule, 'Conditions that must hold', 'Any of these')
    expect(condition('prepaid')).toBe('paymentTerms = "prepaid" or amount <= 1000')
    fireEvent.click(rule.getByRole('button', { name: 'Remove condition 1' }))
    expect(condition('prepaid')).toBe('amount <= 1000')
  })

  it('writes lists, ticked for a choice field and typed otherwise, and emptiness tests', () => {
    const { condition, rerender } = openDecision('order-to-cash', 'credit-check')
    const rule = ruleOf('Condition for Prepaid')
    choose(rule, 'Operator', 'is one of')
    expect(condition('prepaid')).toBe('paymentTerms in ["prepaid"]')
    rerender()
    fireEvent.click(within(rule.getByRole('group', { name: 'Value' })).getByLabelText('net30'))
    expect(condition('prepaid')).toBe('paymentTerms in ["prepaid", "net30"]')
    choose(rule, 'Operator', 'is empty')
    expect(condition('prepaid')).toBe('$not($exists(paymentTerms)) or paymentTerms = ""')
    choose(rule, 'Field', 'Order number')
    choose(rule, 'Operator', 'is not one of')
    type(rule, 'Value', 'SO-1, SO-2')
    expect(condition('prepaid')).toBe('$not(orderId in ["SO-1", "SO-2"])')
  })

  it('keeps code it cannot show in the JSONata editor, and offers that editor as Advanced on a rule', () => {
    const { condition, rerender } = openDecision('order-to-cash', 'credit-check')
    expect(screen.getByLabelText('Condition for Within credit limit')).toHaveProperty(
      'value',
      'amount <= creditLimit',
    )
    const locked = screen.getByLabelText('Advanced: Condition for Within credit limit')
    expect(locked.getAttribute('aria-pressed')).toBe('true')
    expect(locked).toHaveProperty('disabled', true)

    fireEvent.click(screen.getByLabelText('Advanced: Condition for Prepaid'))
    const code = screen.getByLabelText('Condition for Prepaid')
    expect(code).toHaveProperty('value', 'paymentTerms = "prepaid"')
    fireEvent.change(code, { target: { value: 'paymentTerms = "net60"' } })
    fireEvent.blur(code)
    rerender()
    fireEvent.click(screen.getByLabelText('Advanced: Condition for Prepaid'))
    expect(shown(ruleOf('Condition for Prepaid'), 'Value')).toBe('net60')
    expect(condition('prepaid')).toBe('paymentTerms = "net60"')
  })

  it('on a live connection, writes through the shared text everyone types in, as one undoable step', () => {
    const { store, condition } = openDecision('order-to-cash', 'credit-check', { live: true })
    const field: ExpressionFieldRef = {
      nodeId: 'credit-check',
      path: ['branches', { id: 'prepaid' }, 'condition'],
    }
    const text = expressionText(store.y, field)!
    choose(ruleOf('Condition for Prepaid'), 'Value', 'net30')
    expect(condition('prepaid')).toBe('paymentTerms = "net30"')
    expect(text.toString()).toBe('paymentTerms = "net30"')
    act(() => store.undo())
    expect(condition('prepaid')).toBe('paymentTerms = "prepaid"')
    expect(text.toString()).toBe('paymentTerms = "prepaid"')
  })

  it('shows what someone else changed in the text', () => {
    const { store, rerender } = openDecision('order-to-cash', 'credit-check', { live: true })
    const field: ExpressionFieldRef = {
      nodeId: 'credit-check',
      path: ['branches', { id: 'prepaid' }, 'condition'],
    }
    const other = new WorkflowStore()
    Y.applyUpdate(other.y.ydoc, Y.encodeStateAsUpdate(store.y.ydoc))
    const theirs = expressionText(other.y, field)!
    editExpression(other.y, field, theirs, (text) => replaceText(text, 'amount > 100'), 'them')
    act(() => Y.applyUpdate(store.y.ydoc, Y.encodeStateAsUpdate(other.y.ydoc)))
    rerender()
    const rule = ruleOf('Condition for Prepaid')
    expect(shownOption(rule, 'Field')).toBe('Order value')
    expect(shown(rule, 'Value')).toBe('100')
  })

  it('only shows the rule to a viewer', () => {
    openDecision('order-to-cash', 'credit-check', { readOnly: true })
    const rule = within(screen.getByRole('group', { name: 'Condition for Prepaid' }))
    expect(rule.getByRole('combobox', { name: 'Field' })).toHaveProperty('disabled', true)
    expect(rule.queryByRole('button', { name: 'Add a condition' })).toBeNull()
  })
})
