// @vitest-environment jsdom
import type { Form } from '@conveyor/shared'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SimulatedForm } from './simulated-form'

afterEach(cleanup)

const order: Form = {
  fields: [
    { id: 'customer', label: 'Customer', type: 'text', required: true },
    { id: 'amount', label: 'Amount', type: 'number', required: true },
    { id: 'channel', label: 'Channel', type: 'select', required: true, options: ['web', 'phone'] },
    { id: 'rush', label: 'Rush', type: 'boolean', required: false },
    { id: 'note', label: 'Note', type: 'longtext', required: false },
  ],
}

describe('a form filled in while simulating', () => {
  it('starts a choice on its first option and sends numbers as numbers, leaving out empty fields', () => {
    const onSubmit = vi.fn()
    render(<SimulatedForm form={order} submitLabel="Start" onSubmit={onSubmit} />)
    fireEvent.change(screen.getByLabelText(/^Customer/), { target: { value: 'Acme' } })
    fireEvent.change(screen.getByLabelText(/^Amount/), { target: { value: '1200' } })
    fireEvent.click(screen.getByRole('button', { name: 'Start' }))
    expect(onSubmit).toHaveBeenCalledWith({ customer: 'Acme', amount: 1200, channel: 'web', rush: false })
  })
})
