import type { WorkflowNode } from '@conveyor/shared'
import { describe, expect, it } from 'vitest'
import { newAugmentConfig, withOutputField } from './assistant-output'
import { exampleDocument } from './test-documents'
import { WorkflowStore } from './workflow-store'

function stepOf(store: WorkflowStore, id: string) {
  const node = store.getSnapshot().nodes.find((entry) => entry.id === id) as WorkflowNode
  if (node.type !== 'step') throw new Error(`${id} is a ${node.type}, not a step`)
  return node.data
}

describe('the output field of an assistant', () => {
  it('is ready when a step becomes assisted: a draft written into a field "Draft", in one undo step', () => {
    const store = new WorkflowStore()
    store.load(exampleDocument('order-to-cash'))
    const before = store.getSnapshot()
    store.apply({ type: 'setStepMode', id: 'review-credit', mode: 'augment' })
    expect(stepOf(store, 'review-credit')).toMatchObject({
      mode: 'augment',
      human: (before.nodes.find((node) => node.id === 'review-credit')!.data as { human: unknown }).human,
      augment: {
        form: { fields: [{ id: 'draft', label: 'Draft', type: 'longtext', required: true }] },
        assistant: { produces: 'draft', instructions: expect.any(String), field: 'draft' },
      },
    })
    store.undo()
    expect(store.getSnapshot()).toEqual(before)
  })

  it('takes a key no other form of the workflow uses', () => {
    expect(newAugmentConfig(['draft']).assistant.field).toBe('draft2')
  })

  it('is left alone when the step had an assistant already, or switches to another mode', () => {
    const store = new WorkflowStore()
    store.load(exampleDocument('order-to-cash'))
    store.apply({ type: 'setStepMode', id: 'review-credit', mode: 'augment' })
    const augment = stepOf(store, 'review-credit').augment
    store.apply({ type: 'setStepMode', id: 'review-credit', mode: 'automate' })
    expect(stepOf(store, 'review-credit')).toMatchObject({ mode: 'automate', augment })
    store.apply({ type: 'setStepMode', id: 'review-credit', mode: 'augment' })
    expect(stepOf(store, 'review-credit').augment).toEqual(augment)
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
