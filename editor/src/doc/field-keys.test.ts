import { describe, expect, it } from 'vitest'
import { fieldKeyFor, fieldKeysInYDoc, fieldKeysOf } from './field-keys'
import { exampleDocument } from './test-documents'
import { WorkflowStore } from './workflow-store'

describe('form field keys made from labels', () => {
  it.each([
    ['Order number', 'orderNumber'],
    ['order NUMBER', 'orderNumber'],
    ['Customer e-mail', 'customerEMail'],
    ['PO number', 'poNumber'],
    ['Address line 2', 'addressLine2'],
    ['Montant payé (€)', 'montantPaye'],
    ['  Draft  ', 'draft'],
    ['2nd reviewer', 'field2ndReviewer'],
    ['€€€', 'field'],
  ])('%s → %s', (label, key) => {
    expect(fieldKeyFor(label)).toBe(key)
  })

  it('numbers a key the workflow uses already', () => {
    expect(fieldKeyFor('Order number', ['orderNumber'])).toBe('orderNumber2')
    expect(fieldKeyFor('Order number', ['orderNumber', 'orderNumber2'])).toBe('orderNumber3')
  })

  it('stays within the 64 characters of a key, numbered or not', () => {
    const long = 'word '.repeat(30)
    const key = fieldKeyFor(long)
    expect(key).toHaveLength(64)
    expect(fieldKeyFor(long, [key])).toMatch(/^(word){1}.*2$/)
    expect(fieldKeyFor(long, [key])).toHaveLength(64)
  })

  it('knows every key of the workflow’s forms, trigger inputs included', () => {
    const keys = fieldKeysOf(exampleDocument('order-to-cash'))
    expect(keys).toContain('approvedLimit')
    expect(keys).toContain('creditNote')
    expect(keys).toContain('customerEmail')
    const store = new WorkflowStore()
    store.load(exampleDocument('order-to-cash'))
    expect(fieldKeysInYDoc(store.y)).toEqual(fieldKeysOf(store.getSnapshot()))
  })
})
