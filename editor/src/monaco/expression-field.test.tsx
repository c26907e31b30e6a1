// @vitest-environment jsdom
import type { WorkflowNode } from '@conveyor/shared'
import { expressionText, type ExpressionFieldRef } from '@conveyor/shared/ydoc/expression-texts'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import { ReadOnlyContext } from '../app/read-only'
import { Presence } from '../collab/presence'
import { exampleDocument } from '../doc/test-documents'
import { WorkflowStore } from '../doc/workflow-store'
import { NodeInspector } from '../inspector/node-inspector'
import { ExpressionCollaborationProvider } from './expression-collaboration'

afterEach(cleanup)

const limitCondition: ExpressionFieldRef = {
  nodeId: 'credit-check',
  path: ['branches', { id: 'within-limit' }, 'condition'],
}

function openDecision({ readOnly = false } = {}) {
  const store = new WorkflowStore()
  store.load(exampleDocument('order-to-cash'))
  const presence = new Presence(new Awareness(store.y.ydoc))
  const node = () => store.getSnapshot().nodes.find((entry) => entry.id === 'credit-check') as WorkflowNode
  render(
    <ReadOnlyContext value={readOnly}>
      <ExpressionCollaborationProvider store={store} presence={presence}>
        <NodeInspector
          workflowId="test-workflow"
          node={node()}
          document={store.getSnapshot()}
          store={store}
        />
      </ExpressionCollaborationProvider>
    </ReadOnlyContext>,
  )
  const condition = () => {
    const current = node()
    if (current.type !== 'decision') throw new Error('credit-check is not a decision')
    return current.data.branches.find((branch) => branch.id === 'within-limit')?.condition
  }
  return { store, condition }
}

describe('an expression field on a live connection', () => {
  it('commits from the plain text area as before, and the text others type into follows', () => {
    const { store, condition } = openDecision()
    // Someone has this condition open in Monaco: it has a shared text.
    const text = expressionText(store.y, limitCondition)!
    const field = screen.getByRole('textbox', { name: 'Condition for Within credit limit' })
    fireEvent.change(field, { target: { value: 'amount <= creditLimit * 2' } })
    fireEvent.blur(field)
    expect(condition()).toBe('amount <= creditLimit * 2')
    expect(text.toString()).toBe('amount <= creditLimit * 2')
    store.undo()
    expect(condition()).toBe('amount <= creditLimit')
    expect(text.toString()).toBe('amount <= creditLimit')
  })

  it('only shows the expression to a viewer', () => {
    openDecision({ readOnly: true })
    const field = screen.getByRole('textbox', { name: 'Condition for Within credit limit' })
    expect(field).toHaveProperty('readOnly', true)
  })
})
