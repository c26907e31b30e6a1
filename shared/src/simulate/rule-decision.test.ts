import { describe, expect, it } from 'vitest'
import type { DecisionManifest } from '../compiler/compiled'
import { decideByRules } from './rule-decision'

const amountOver100: DecisionManifest = {
  kind: 'decision',
  label: 'Amount over 100?',
  decidedBy: 'rule',
  branches: [
    { id: 'yes', label: 'Yes', condition: 'amount > 100' },
    { id: 'no', label: 'No' },
  ],
  defaultBranch: 'no',
}

describe('deciding a rule decision in the simulator', () => {
  it('takes the first branch whose rule holds, else the default', () => {
    expect(decideByRules(amountOver100, { amount: 250 })).toEqual({
      branch: 'yes',
      because: 'amount > 100 holds',
    })
    expect(decideByRules(amountOver100, { amount: 80 })).toEqual({
      branch: 'no',
      because: 'it has no condition',
    })
  })

  it('asks where a condition is not written yet, is code, or cannot be worked out', () => {
    const unwritten = {
      ...amountOver100,
      branches: [{ id: 'yes', label: 'Yes' }, amountOver100.branches[1]!],
    }
    expect(decideByRules(unwritten, { amount: 250 })).toEqual({ ask: '“Yes” has no condition yet.' })
    const code = { ...amountOver100, branches: [{ id: 'yes', label: 'Yes', condition: 'amount > limit' }] }
    expect(decideByRules(code, { amount: 250 })).toEqual({
      ask: 'The condition of “Yes” is code the simulator does not run.',
    })
    expect(decideByRules(amountOver100, { amount: '250' })).toEqual({
      ask: 'The condition of “Yes” cannot be worked out on this data.',
    })
  })

  it('asks when no condition holds and there is no default branch', () => {
    const noDefault = { ...amountOver100, branches: [amountOver100.branches[0]!], defaultBranch: undefined }
    expect(decideByRules(noDefault, { amount: 80 })).toEqual({
      ask: 'No condition holds and there is no default branch.',
    })
  })
})
