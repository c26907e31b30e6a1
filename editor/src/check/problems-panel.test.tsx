// @vitest-environment jsdom
import { mapOnlyDocument } from '@conveyor/shared/testing/map-only-document'
import { validateDocument } from '@conveyor/shared/validator/index'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { exampleDocument } from '../doc/test-documents'
import { ProblemsPanel } from './problems-panel'

afterEach(cleanup)

const group = (name: RegExp) => screen.getByRole('region', { name })

describe('the problems panel', () => {
  it('lists what the validator found and centres the node a problem is about', () => {
    const document = exampleDocument('order-to-cash')
    const broken = { ...document, edges: document.edges.filter((edge) => edge.id !== 'e-invoice-send') }
    const { diagnostics } = validateDocument(broken)
    const focusNode = vi.fn()
    render(<ProblemsPanel diagnostics={diagnostics} focusNode={focusNode} focusEdge={vi.fn()} />)
    const problem = within(group(/^Map/))
      .getAllByRole('button')
      .find((button) => button.textContent?.includes('Create invoice'))
    expect(problem, 'a problem names the step that now leads nowhere').toBeDefined()
    expect(problem!.textContent).toMatch(/error/)
    fireEvent.click(problem!)
    expect(focusNode).toHaveBeenCalledWith('create-invoice')
    expect(screen.getByRole('status').textContent).toMatch(/problems? on the map$/)
  })

  it('keeps what is to set up before it runs apart from the map, each leading to its node', () => {
    const { diagnostics } = validateDocument(mapOnlyDocument())
    const focusNode = vi.fn()
    render(<ProblemsPanel diagnostics={diagnostics} focusNode={focusNode} focusEdge={vi.fn()} />)
    expect(screen.getByRole('status').textContent).toBe('Map complete · 3 things to set up before it can run')
    const map = group(/^Map/)
    expect(within(map).queryByText(/error/)).toBeNull()
    const setup = within(group(/^To set up before it runs/)).getAllByRole('button')
    const names = ['"Amount over 100?"', '"Check order"', '"Draft reply"']
    expect(setup).toHaveLength(names.length)
    setup.forEach((item, index) => expect(item.textContent).toContain(names[index]))
    for (const item of setup) expect(item.textContent).toMatch(/^⚙ to set up/)
    fireEvent.click(setup[1]!)
    expect(focusNode).toHaveBeenCalledWith('check-order')
  })

  it('says so when there is nothing to fix or set up', () => {
    render(<ProblemsPanel diagnostics={[]} focusNode={vi.fn()} focusEdge={vi.fn()} />)
    expect(screen.getByRole('status').textContent).toBe('Map complete · ready to run')
    expect(group(/^Map/).textContent).toContain('The map is complete')
    expect(group(/^To set up before it runs/).textContent).toContain('Nothing left to set up')
  })
})
