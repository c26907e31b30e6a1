// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { emptySelection } from '../canvas/selection'
import { exampleDocument } from '../doc/test-documents'
import { WorkflowStore } from '../doc/workflow-store'
import { Inspector } from './inspector'

afterEach(cleanup)

describe('the workflow inspector (nothing selected)', () => {
  it('adds and edits the owner’s targets', () => {
    const store = new WorkflowStore()
    store.load(exampleDocument('order-to-cash'))
    const view = render(
      <Inspector
        workflowId="test-workflow"
        store={store}
        document={store.getSnapshot()}
        selection={emptySelection}
      />,
    )
    const before = store.getSnapshot().targets.length
    fireEvent.click(screen.getByRole('button', { name: 'Add target' }))
    expect(store.getSnapshot().targets).toHaveLength(before + 1)
    view.rerender(
      <Inspector
        workflowId="test-workflow"
        store={store}
        document={store.getSnapshot()}
        selection={emptySelection}
      />,
    )
    const goal = screen.getByRole('textbox', { name: `Goal of target ${before + 1}` })
    fireEvent.change(goal, { target: { value: 'under 1 day' } })
    fireEvent.blur(goal)
    expect(store.getSnapshot().targets.at(-1)).toEqual({ metric: 'cycle time', goal: 'under 1 day' })
  })
})
