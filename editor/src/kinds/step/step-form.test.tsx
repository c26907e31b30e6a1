// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { openNodeInspector } from '../../inspector/open-node-inspector'

afterEach(cleanup)

function openStep(nodeId: string) {
  const opened = openNodeInspector(nodeId)
  return { ...opened, stepData: () => opened.dataOf('step') }
}

describe('the form of a step', () => {
  it('switches a step’s mode from the inspector', () => {
    const { stepData } = openStep('review-credit')
    fireEvent.click(screen.getByRole('radio', { name: /Automate/ }))
    expect(stepData().mode).toBe('automate')
  })

  it('adds a form field by its label, keyed after it, and removes it', () => {
    const { stepData, rerender } = openStep('review-credit')
    const fields = () => stepData().human!.form.fields
    const before = fields().length
    const addField = screen.getByRole('button', { name: 'Add field' })
    expect(addField).toHaveProperty('disabled', true)
    fireEvent.change(screen.getByRole('textbox', { name: 'Label of the new field' }), {
      target: { value: 'Order number' },
    })
    fireEvent.click(addField)
    expect(fields().at(-1)).toEqual({
      id: 'orderNumber',
      label: 'Order number',
      type: 'text',
      required: false,
    })
    rerender()
    expect(screen.getByText('Kept in the instance data as orderNumber')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Remove field Order number' }))
    expect(fields().length).toBe(before)
  })

  it('keeps a field’s key when its label is renamed: expressions refer to it', () => {
    const { stepData } = openStep('review-credit')
    const first = stepData().human!.form.fields[0]!
    const label = screen.getByRole('textbox', { name: 'Label of field 1' })
    fireEvent.change(label, { target: { value: 'Something else entirely' } })
    fireEvent.blur(label)
    expect(stepData().human!.form.fields[0]).toEqual({ ...first, label: 'Something else entirely' })
  })

  it('gives a step switched to augment an assistant whose output field is ready, picked by label', () => {
    const { stepData, rerender } = openStep('review-credit')
    fireEvent.click(screen.getByRole('radio', { name: /Augment/ }))
    const { augment } = stepData()
    expect(augment?.form.fields).toEqual([{ id: 'draft', label: 'Draft', type: 'longtext', required: true }])
    expect(augment?.assistant).toMatchObject({ produces: 'draft', field: 'draft' })
    rerender()
    const fills = screen.getByRole('combobox', {
      name: 'Suggestion fills the form field',
    }) as HTMLSelectElement
    expect(fills.selectedOptions[0]?.textContent).toBe('Draft')
    fireEvent.change(screen.getByRole('combobox', { name: 'The assistant produces' }), {
      target: { value: 'classification' },
    })
    const classified = stepData().augment!
    const output = classified.form.fields.find((field) => field.id === classified.assistant.field)
    expect(output).toMatchObject({ label: 'Category', type: 'select' })
    expect(output?.options).toEqual(classified.assistant.labels)
    expect(classified.form.fields.map((field) => field.label)).toEqual(['Category'])
  })

  it('keeps current-state facts within the model’s limits', () => {
    const { stepData } = openStep('review-credit')
    const errorRate = screen.getByRole('spinbutton', { name: 'Error rate (0–1)' })
    expect(errorRate).toHaveProperty('max', '1')
    fireEvent.change(errorRate, { target: { value: '0.25' } })
    fireEvent.blur(errorRate)
    expect(stepData().facts?.errorRate).toBe(0.25)
  })
})
