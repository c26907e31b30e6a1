// @vitest-environment jsdom
import { validateDocument } from '@conveyor/shared/validator/index'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { exampleDocument } from '../doc/test-documents'
import { ProblemsPanel } from './problems-panel'

afterEach(cleanup)

describe('the problems panel', () => {
  it('lists what the validator found and centres the node a problem is about', () => {
    const document = exampleDocument('order-to-cash')
    const broken = { ...document, edges: document.edges.filter((edge) => edge.id !== 'e-invoice-send') }
    const { diagnostics } = validateDocument(broken)
    const focusNode = vi.fn()
    render(<ProblemsPanel diagnostics={diagnostics} focusNode={focusNode} focusEdge={vi.fn()} />)
    const problem = screen
      .getAllByRole('button')
      .find((button) => button.textContent?.includes('Create invoice'))
    expect(problem, 'a problem names the step that now leads nowhere').toBeDefined()
    expect(problem!.textContent).toMatch(/error/)
    fireEvent.click(problem!)
    expect(focusNode).toHaveBeenCalledWith('create-invoice')
  })

  it('says so when there is nothing to fix', () => {
    render(<ProblemsPanel diagnostics={[]} focusNode={vi.fn()} focusEdge={vi.fn()} />)
    expect(screen.getByRole('status').textContent).toContain('No problems')
  })
})
