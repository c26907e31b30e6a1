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

  it('sets an assisted step’s autonomy, kept when the assistant’s task changes afterwards', () => {
    const opened = openNodeInspector('classify-ticket', 'ticket-to-resolution')
    const augment = () => opened.dataOf('step').augment!
    fireEvent.change(screen.getByRole('combobox', { name: 'Level to start at' }), {
      target: { value: 'auto-apply' },
    })
    opened.rerender()
    const threshold = screen.getByRole('spinbutton', { name: 'Confidence threshold (0–1)' })
    expect(threshold).toHaveProperty('max', '1')
    fireEvent.change(threshold, { target: { value: '0.85' } })
    fireEvent.blur(threshold)
    opened.rerender()
    fireEvent.change(screen.getByRole('combobox', { name: 'Below the threshold' }), {
      target: { value: 'lane:tier2' },
    })
    expect(augment().autonomy).toEqual({
      level: 'auto-apply',
      threshold: 0.85,
      belowThreshold: { lane: 'tier2' },
    })
    opened.rerender()
    const instructions = screen.getByRole('textbox', { name: 'Instructions' })
    fireEvent.change(instructions, { target: { value: 'Sort the ticket by team' } })
    fireEvent.blur(instructions)
    expect(augment().assistant.instructions).toBe('Sort the ticket by team')
    expect(augment().autonomy?.level).toBe('auto-apply')
    opened.rerender()
    fireEvent.change(screen.getByRole('combobox', { name: 'Level to start at' }), { target: { value: '' } })
    expect(augment().autonomy).toEqual({ threshold: 0.85, belowThreshold: { lane: 'tier2' } })
  })

  it('keeps current-state facts within the model’s limits', () => {
    const { stepData } = openStep('review-credit')
    const errorRate = screen.getByRole('spinbutton', { name: 'Error rate (0–1)' })
    expect(errorRate).toHaveProperty('max', '1')
    fireEvent.change(errorRate, { target: { value: '0.25' } })
    fireEvent.blur(errorRate)
    expect(stepData().facts?.errorRate).toBe(0.25)
  })

  it('names who does a step that calls an outside service by hand, and only such a step', () => {
    const { stepData } = openStep('reserve-stock')
    const doneBy = screen.getByRole('combobox', { name: /Done by hand by/ })
    expect((doneBy as HTMLSelectElement).value).toBe('warehouse')
    fireEvent.change(doneBy, { target: { value: 'sales-ops' } })
    expect(stepData().fallback).toEqual({ lane: 'sales-ops' })
    fireEvent.change(doneBy, { target: { value: '' } })
    expect(stepData().fallback).toBeUndefined()
    cleanup()
    openStep('review-credit')
    expect(screen.queryByRole('combobox', { name: /Done by hand by/ })).toBeNull()
  })
})
