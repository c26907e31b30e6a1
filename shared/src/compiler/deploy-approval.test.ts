import { describe, expect, it } from 'vitest'
import { chain, decision, end, httpStep, step, trigger, workflow } from '../testing/builders'
import { deploysNeedApproval } from './deploy-approval'
import { WorkflowDocument } from '../model'

const local = { assistantCallsOutside: false }
const outside = { assistantCallsOutside: true }

const withStep = (middle: ReturnType<typeof step>, extra = {}) =>
  WorkflowDocument.parse(workflow([trigger('in'), middle, end('out')], chain('in', middle.id, 'out'), extra))

const augment = step('draft', {
  mode: 'augment',
  automate: undefined,
  lane: 'operations',
  augment: {
    assistant: { produces: 'draft', instructions: 'Write a reply', template: 'Hi', field: 'reply' },
    form: { fields: [{ id: 'reply', label: 'Reply', type: 'longtext' }] },
  },
})

describe('deploysNeedApproval', () => {
  it('is on by default when a step calls an http service', () => {
    expect(deploysNeedApproval(withStep(httpStep('pay', 'https://payouts.example.com')), local)).toBe(true)
  })

  it('is off by default for work that stays in the runtime', () => {
    expect(deploysNeedApproval(withStep(step('sum')), local)).toBe(false)
    expect(deploysNeedApproval(withStep(augment), local)).toBe(false)
  })

  it('counts the assistant when it is a service outside the runtime', () => {
    expect(deploysNeedApproval(withStep(augment), outside)).toBe(true)
    const byAssistant = decision('route', ['a', 'b'], { decidedBy: 'assistant', lane: 'operations' })
    expect(deploysNeedApproval(withStep(byAssistant), outside)).toBe(true)
    expect(deploysNeedApproval(withStep(byAssistant), local)).toBe(false)
  })

  it('an http config kept beside another mode calls nothing', () => {
    const kept = httpStep('pay', 'https://payouts.example.com')
    const human = { ...kept, data: { ...kept.data, mode: 'human' as const, lane: 'operations' } }
    expect(deploysNeedApproval(withStep(human as typeof kept), local)).toBe(false)
  })

  it('an explicit setting wins both ways', () => {
    const http = httpStep('pay', 'https://payouts.example.com')
    expect(deploysNeedApproval(withStep(http, { deploysNeedApproval: false }), outside)).toBe(false)
    expect(deploysNeedApproval(withStep(step('sum'), { deploysNeedApproval: true }), local)).toBe(true)
  })
})
