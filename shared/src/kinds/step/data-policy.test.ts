import { describe, expect, it } from 'vitest'
import { assistantSees, leafPaths, onlyPaths } from './data-policy'

describe("an assistant's data policy", () => {
  it('reads the fields it was given, or else those its template names, each once', () => {
    expect(assistantSees({ sees: ['subject'], template: 'Hi {{customer.name}}' })).toEqual(['subject'])
    expect(assistantSees({ template: 'Hi {{ customer.name }}, about {{subject}} ({{subject}})' })).toEqual([
      'customer.name',
      'subject',
    ])
    expect(assistantSees({})).toEqual([])
  })

  it('keeps only the values at those paths, nested as they were', () => {
    const data = { subject: 'late', customer: { name: 'Ada', iban: 'DE89' }, notes: null }
    expect(onlyPaths(data, ['customer.name', 'subject', 'missing.path', 'subject.length'])).toEqual({
      customer: { name: 'Ada' },
      subject: 'late',
    })
    expect(onlyPaths(data, ['customer'])).toEqual({ customer: { name: 'Ada', iban: 'DE89' } })
    expect(onlyPaths(data, [])).toEqual({})
  })

  it('names what data holds by path', () => {
    expect(leafPaths({ subject: 'late', customer: { name: 'Ada' }, tags: ['a'] })).toEqual([
      'subject',
      'customer.name',
      'tags',
    ])
  })
})
