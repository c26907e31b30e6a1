// @vitest-environment jsdom
import type { WorkflowSummary } from '@conveyor/shared/protocol/api'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WorkflowTable } from './workflow-table'

afterEach(cleanup)

const invoiceIntake: WorkflowSummary = {
  id: 'invoice-intake',
  name: 'Invoice intake',
  nodeCount: 12,
  revision: 3,
  updatedAt: '2026-01-02T09:00:00.000Z',
}

describe('the list of workflows', () => {
  it('offers editors to duplicate or delete each workflow', () => {
    render(<WorkflowTable workflows={[invoiceIntake]} onDuplicate={vi.fn()} onDelete={vi.fn()} />)
    expect(screen.getByRole('button', { name: 'Duplicate Invoice intake' })).toBeDefined()
    expect(screen.getByRole('button', { name: 'Delete Invoice intake' })).toBeDefined()
  })

  it('lists them for viewers, to open, without those actions', () => {
    render(<WorkflowTable workflows={[invoiceIntake]} onDuplicate={vi.fn()} onDelete={vi.fn()} lookOnly />)
    expect(screen.getByRole('link', { name: 'Invoice intake' })).toBeDefined()
    expect(screen.queryByRole('button')).toBeNull()
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull()
  })
})
