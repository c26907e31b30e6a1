import { describe, expect, it } from 'vitest'
import { chain, end, humanStep, step, trigger, workflow } from '../../testing/builders'
import { diagnosticsWithCode } from '../../testing/diagnostics'

const single = (node: ReturnType<typeof step>) =>
  workflow([trigger('start'), node, end('done')], chain('start', node.id, 'done'))

const assistant = { produces: 'classification' as const, instructions: 'Sort the request', field: 'category' }

describe('step checks', () => {
  it('reports an automated step without a connector', () => {
    expect(
      diagnosticsWithCode(single(step('work', { automate: undefined })), 'step.missing-config')[0],
    ).toMatchObject({
      nodeId: 'work',
      path: ['nodes', 1, 'data', 'automate'],
    })
  })

  it('reports an assisted step without an assistant', () => {
    const document = single(step('sort', { mode: 'augment', automate: undefined, lane: 'operations' }))
    expect(diagnosticsWithCode(document, 'step.missing-config')[0]).toMatchObject({
      nodeId: 'sort',
      path: ['nodes', 1, 'data', 'augment'],
    })
  })

  it('reports an assistant that classifies with none of the item to read, not one that drafts', () => {
    const form = { fields: [{ id: 'category', label: 'Category', type: 'text' as const }] }
    const augmented = (task: object) =>
      single(
        step('sort', {
          mode: 'augment',
          automate: undefined,
          lane: 'operations',
          augment: { assistant: { ...assistant, ...task }, form },
        }),
      )
    expect(diagnosticsWithCode(augmented({}), 'step.assistant-sees-nothing')[0]).toMatchObject({
      nodeId: 'sort',
      path: ['nodes', 1, 'data', 'augment', 'assistant', 'sees'],
    })
    expect(diagnosticsWithCode(augmented({ sees: ['summary'] }), 'step.assistant-sees-nothing')).toEqual([])
    expect(
      diagnosticsWithCode(
        augmented({ produces: 'draft', template: 'Thanks' }),
        'step.assistant-sees-nothing',
      ),
    ).toEqual([])
  })

  it('accepts a human step without a form: it is marked done', () => {
    expect(
      diagnosticsWithCode(single(humanStep('check', { human: undefined })), 'step.missing-config'),
    ).toEqual([])
  })

  it('keeps the settings of other modes without complaint', () => {
    expect(
      diagnosticsWithCode(single(humanStep('check', { automate: undefined })), 'step.missing-config'),
    ).toEqual([])
  })

  it('reports an assistant filling a field the form does not have', () => {
    const document = single(
      step('sort', {
        mode: 'augment',
        lane: 'operations',
        augment: { assistant, form: { fields: [{ id: 'notes', label: 'Notes', type: 'text' }] } },
      }),
    )
    expect(diagnosticsWithCode(document, 'step.assistant-field-unknown')[0]).toMatchObject({
      nodeId: 'sort',
      path: ['nodes', 1, 'data', 'augment', 'assistant', 'field'],
    })
  })

  it('reports a choice field without options', () => {
    const field = { id: 'size', label: 'Size', type: 'select' as const }
    const document = single(humanStep('measure', { human: { form: { fields: [field] } } }))
    expect(diagnosticsWithCode(document, 'step.select-without-options')[0]).toMatchObject({
      nodeId: 'measure',
      path: ['nodes', 1, 'data', 'human', 'form', 'fields', 0, 'options'],
    })
  })

  it('notes a step without current-state facts', () => {
    const [diagnostic] = diagnosticsWithCode(single(step('work', { facts: undefined })), 'step.no-facts')
    expect(diagnostic).toMatchObject({ nodeId: 'work', severity: 'info' })
    expect(diagnosticsWithCode(single(step('work')), 'step.no-facts')).toEqual([])
  })

  it('reports assistant labels that are not options of the choice field it fills in', () => {
    const category = {
      id: 'category',
      label: 'Category',
      type: 'select' as const,
      options: ['access', 'hardware'],
    }
    const labels = ['access', 'payroll', 'leave']
    const document = single(
      step('sort', {
        mode: 'augment',
        lane: 'operations',
        augment: { assistant: { ...assistant, labels }, form: { fields: [category] } },
      }),
    )
    const [diagnostic] = diagnosticsWithCode(document, 'step.assistant-label-not-option')
    expect(diagnostic).toMatchObject({
      severity: 'error',
      nodeId: 'sort',
      path: ['nodes', 1, 'data', 'augment', 'assistant', 'labels', 1],
    })
    expect(diagnostic?.message).toBe(
      'The assistant of step "sort" may answer "payroll", "leave", which are not options of field "Category" (its options: "access", "hardware").',
    )
  })

  it('accepts labels that are options, and labels for a free-text field', () => {
    const withField = (field: { type: 'select' | 'text'; options?: string[] }, labels: string[]) =>
      single(
        step('sort', {
          mode: 'augment',
          lane: 'operations',
          augment: {
            assistant: { ...assistant, labels },
            form: { fields: [{ id: 'category', label: 'Category', ...field }] },
          },
        }),
      )
    const select = { type: 'select' as const, options: ['access', 'hardware'] }
    expect(
      diagnosticsWithCode(withField(select, ['hardware', 'access']), 'step.assistant-label-not-option'),
    ).toEqual([])
    expect(
      diagnosticsWithCode(
        withField({ type: 'text' as const }, ['payroll']),
        'step.assistant-label-not-option',
      ),
    ).toEqual([])
  })
})
