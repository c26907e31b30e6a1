import type { StepData } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { newAugmentConfig, stepModePatch, withOutputField } from './assistant-output'

const humanStep: StepData = { label: 'Draft reply', mode: 'human', human: { form: { fields: [] } } }

describe('the output field of an assistant', () => {
  it('is ready when a step becomes assisted: a draft written into a field "Draft"', () => {
    const patch = stepModePatch(humanStep, 'augment', [])
    expect(patch.augment).toEqual({
      form: { fields: [{ id: 'draft', label: 'Draft', type: 'longtext', required: true }] },
      assistant: { produces: 'draft', instructions: expect.any(String), field: 'draft' },
    })
  })

  it('takes a key no other form of the workflow uses', () => {
    expect(newAugmentConfig(['draft']).assistant.field).toBe('draft2')
  })

  it('is left alone when the step had an assistant already, or switches to another mode', () => {
    const assisted = { ...humanStep, augment: newAugmentConfig([]) }
    expect(stepModePatch(assisted, 'augment', [])).toEqual({ mode: 'augment' })
    expect(stepModePatch(humanStep, 'automate', [])).toEqual({ mode: 'automate' })
  })

  it('becomes a choice between the classes when the assistant classifies, replacing the unrenamed draft', () => {
    const classifying = withOutputField(newAugmentConfig([]), 'classification', [])
    const output = classifying.form.fields.find((field) => field.id === classifying.assistant.field)
    expect(classifying.form.fields).toHaveLength(1)
    expect(output).toMatchObject({ label: 'Category', type: 'select', options: classifying.assistant.labels })
    expect(classifying.assistant.labels?.length).toBeGreaterThan(0)
  })

  it('keeps a field someone renamed, and a field that already holds the suggestion', () => {
    const draft = newAugmentConfig([])
    const renamed = { ...draft, form: { fields: [{ ...draft.form.fields[0]!, label: 'Reply' }] } }
    const classifying = withOutputField(renamed, 'classification', [])
    expect(classifying.form.fields.map((field) => field.label)).toEqual(['Reply', 'Category'])
    const recommending = withOutputField(classifying, 'recommendation', [])
    expect(recommending.assistant.field).toBe(classifying.assistant.field)
    expect(recommending.form).toBe(classifying.form)
  })
})
