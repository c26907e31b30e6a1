import { describe, expect, it } from 'vitest'
import { compileDocument } from '../../compiler/compile-document'
import { WorkflowDocument } from '../../model'
import { chain, end, httpStep, step, trigger, workflow, type NodeInput } from '../../testing/builders'
import { diagnosticsWithCode } from '../../testing/diagnostics'

const lanes = [
  { id: 'operations', name: 'Operations' },
  { id: 'payments', name: 'Payments desk' },
]
const single = (node: NodeInput, extra: object = {}) =>
  workflow([trigger('start'), node, end('done')], chain('start', node.id, 'done'), { lanes, ...extra })
const withData = (node: NodeInput, data: object) =>
  ({ ...node, data: { ...node.data, ...data } }) as NodeInput
const sortStep = step('sort', {
  mode: 'augment',
  automate: undefined,
  lane: 'operations',
  augment: {
    assistant: { produces: 'draft', instructions: 'Answer', template: 'Hello', field: 'reply' },
    form: { fields: [{ id: 'reply', label: 'Reply', type: 'longtext' }] },
  },
})

describe('manual fallback of a step', () => {
  it('is asked of every step that calls an outside service or the assistant, naming it', () => {
    const pay = httpStep('pay', 'https://payouts.example.com/pay')
    expect(diagnosticsWithCode(single(pay), 'step.no-fallback')).toMatchObject([
      { nodeId: 'pay', level: 'run', severity: 'warning', path: ['nodes', 1, 'data', 'fallback'] },
    ])
    expect(diagnosticsWithCode(single(sortStep), 'step.no-fallback')[0]?.message).toContain('assistant')
    // A transform calls nothing outside: nothing to fall back from.
    expect(diagnosticsWithCode(single(step('shape')), 'step.no-fallback')).toEqual([])
    expect(
      diagnosticsWithCode(single(withData(pay, { fallback: { lane: 'payments' } })), 'step.no-fallback'),
    ).toEqual([])
  })

  it('names a fallback lane the workflow does not have', () => {
    const pay = withData(httpStep('pay', 'https://payouts.example.com/pay'), { fallback: { lane: 'nobody' } })
    expect(diagnosticsWithCode(single(pay), 'step.fallback-unknown-lane')).toMatchObject([
      { nodeId: 'pay', severity: 'error', path: ['nodes', 1, 'data', 'fallback', 'lane'] },
    ])
  })

  it('deploys with the lane and form people fill, defaulting to the step’s form or its known result', () => {
    const form = { fields: [{ id: 'reference', label: 'Payment reference', type: 'text' as const }] }
    const declared = withData(httpStep('pay', 'https://payouts.example.com/pay'), {
      fallback: { lane: 'payments', form },
    })
    const answered = withData(httpStep('pay', 'https://payouts.example.com/pay'), {
      lane: 'operations',
      output: '{ "reference": result.body.id, "paidAt": result.body.at }',
    })
    const manifest = (node: NodeInput, extra: object = {}) =>
      compileDocument(WorkflowDocument.parse(single(node, extra))).manifest
    expect(manifest(declared).nodes.pay).toMatchObject({
      fallback: { lane: 'payments', form: { fields: [{ id: 'reference', required: false }] } },
    })
    expect(manifest(answered).nodes.pay).toMatchObject({
      fallback: {
        lane: 'operations',
        form: {
          fields: [
            { id: 'paidAt', label: 'paidAt', type: 'text', required: false },
            { id: 'reference', label: 'reference', type: 'text', required: false },
          ],
        },
      },
    })
    expect(manifest(sortStep).nodes.sort).toMatchObject({
      fallback: { lane: 'operations', form: { fields: [{ id: 'reply' }] } },
    })
    expect(manifest(step('shape')).nodes.shape).not.toHaveProperty('fallback')
    expect(manifest(declared).circuitBreaker).toEqual({ failuresInARow: 5 })
    expect(manifest(declared, { circuitBreaker: { failuresInARow: 3 } }).circuitBreaker).toEqual({
      failuresInARow: 3,
    })
  })
})
