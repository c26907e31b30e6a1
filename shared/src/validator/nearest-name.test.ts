import { describe, expect, it } from 'vitest'
import { editDistance, nearestName } from './nearest-name'

describe('nearest name', () => {
  it('counts additions, removals, changes and swaps of neighbours as one edit each', () => {
    expect(editDistance('amout', 'amount')).toBe(1)
    expect(editDistance('amuont', 'amount')).toBe(1)
    expect(editDistance('amount', 'amount')).toBe(0)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('kitten', 'sitting')).toBe(3)
  })

  it('stops counting once the distance exceeds a limit', () => {
    expect(editDistance('kitten', 'sitting', 1)).toBe(2)
    expect(editDistance('kitten', 'sitting', 3)).toBe(3)
  })

  it('suggests the closest candidate, ignoring case', () => {
    expect(nearestName('amout', ['currency', 'amount', 'supplierId'])).toBe('amount')
    expect(nearestName('Amount', ['amount'])).toBe('amount')
    expect(nearestName('supplierID', ['supplierId', 'invoiceId'])).toBe('supplierId')
  })

  it('suggests nothing when no candidate is close', () => {
    expect(nearestName('total', ['amount', 'currency'])).toBeUndefined()
    expect(nearestName('id', ['ok'])).toBeUndefined()
    expect(nearestName('x', [])).toBeUndefined()
  })

  it('breaks ties by name, so the suggestion does not depend on the document order', () => {
    expect(nearestName('cat', ['cut', 'bat'])).toBe('bat')
    expect(nearestName('cat', ['bat', 'cut'])).toBe('bat')
  })
})
