import type { TaskFormField } from '@conveyor/shared/protocol/api'
import { describe, expect, it } from 'vitest'
import { errorsByField, formData, initialFormState } from './form-values'

const fields: TaskFormField[] = [
  { id: 'amount', label: 'Amount', type: 'number', required: true },
  { id: 'approved', label: 'Approved', type: 'boolean', required: false },
  { id: 'note', label: 'Note', type: 'longtext', required: false },
  { id: 'due', label: 'Due', type: 'date', required: false },
]

describe('form values', () => {
  it('starts from the values the task already has', () => {
    expect(initialFormState(fields, { amount: 120, approved: true, note: null })).toEqual({
      amount: '120',
      approved: true,
      note: '',
      due: '',
    })
  })

  it('submits numbers as numbers and leaves empty inputs out', () => {
    expect(formData(fields, { amount: '12.5', approved: false, note: '  ', due: '2026-01-31' })).toEqual({
      amount: 12.5,
      approved: false,
      due: '2026-01-31',
    })
  })

  it('passes text that is not a number on, for the server to name the field', () => {
    expect(formData(fields, { amount: 'twelve', approved: false, note: '', due: '' })).toEqual({
      amount: 'twelve',
      approved: false,
    })
  })
})

describe('errorsByField', () => {
  it('places each server error on its field, by field id or by path', () => {
    const errors = errorsByField(
      [
        { path: 'data.amount', message: 'must be a number' },
        { path: 'data', message: 'note is too long', field: 'note' },
        { path: 'data.amount', message: 'second message is not shown' },
        { path: 'branch', message: 'pick a branch' },
      ],
      fields.map((field) => field.id),
    )
    expect(errors).toEqual({ amount: 'must be a number', note: 'note is too long' })
  })
})
