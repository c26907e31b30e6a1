import { describe, expect, it } from 'vitest'
import { bpmnFileName } from './bpmn-download'

describe('the name a workflow is downloaded under as BPMN', () => {
  it('is the workflow’s name, spaces and accents kept', () => {
    expect(bpmnFileName('Order to cash — Zürich', 'order-to-cash')).toBe('Order to cash — Zürich.bpmn')
  })

  it('has what no file name may hold replaced', () => {
    expect(bpmnFileName('Refunds: EU/UK <draft>?', 'refunds')).toBe('Refunds- EU-UK -draft-.bpmn')
  })

  it('has no line breaks or tabs', () => {
    expect(bpmnFileName('Refunds\n\tEU', 'refunds')).toBe('Refunds  EU.bpmn')
  })

  it('is the workflow’s id when nothing of the name is left', () => {
    expect(bpmnFileName(' // ', 'refunds')).toBe('refunds.bpmn')
  })
})
