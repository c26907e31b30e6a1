import { describe, expect, it } from 'vitest'
import { chain, end, humanStep, trigger, workflow } from '../testing/builders'
import { caseOf } from './case-fields'
import { compile } from './compile-document'

const text = (id: string, label: string) => ({ id, label, type: 'text' as const })

function manifestOf(caseFields?: string[]) {
  const document = workflow(
    [
      trigger('start', {
        input: { fields: [text('orderId', 'Order number'), { ...text('amount', 'Amount'), type: 'number' }] },
      }),
      humanStep('check', { human: { form: { fields: [text('note', 'Check note')] } }, saveAs: 'checked' }),
      humanStep('approve', {
        human: { form: { fields: [text('reason', 'Reason'), text('orderId', 'Order again')] } },
        ...(caseFields ? { caseFields } : {}),
      }),
      end('done'),
    ],
    chain('start', 'check', 'approve', 'done'),
  )
  const { compiled, diagnostics } = compile(document)
  if (!compiled) throw new Error(JSON.stringify(diagnostics))
  return compiled.manifest
}

const data = { orderId: 'SO-7', amount: 250, checked: { note: 'fine' } }

describe('the case a task shows', () => {
  it("by default: the inputs and earlier answers that have a value, by label, never the step's own form", () => {
    expect(caseOf(manifestOf(), 'approve', data)).toEqual([
      { path: 'orderId', label: 'Order number', type: 'text', value: 'SO-7' },
      { path: 'amount', label: 'Amount', type: 'number', value: 250 },
      { path: 'checked.note', label: 'Check note', type: 'text', value: 'fine' },
    ])
    // Before "check" has answered, its field has nothing to show.
    expect(caseOf(manifestOf(), 'check', { orderId: 'SO-7' }).map((line) => line.label)).toEqual([
      'Order number',
    ])
  })

  it('the fields the step chose, in its order, labelled where a form declares them', () => {
    expect(caseOf(manifestOf(['checked.note', 'amount', 'credit.score']), 'approve', data)).toEqual([
      { path: 'checked.note', label: 'Check note', type: 'text', value: 'fine' },
      { path: 'amount', label: 'Amount', type: 'number', value: 250 },
      { path: 'credit.score', label: 'credit.score' },
    ])
  })
})
