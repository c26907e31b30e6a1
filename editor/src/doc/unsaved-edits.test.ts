// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest'
import { exampleDocument } from './test-documents'
import { savedBases } from './unsaved-edits'

beforeEach(() => localStorage.clear())

describe('the stored revision unsaved edits were made on, kept for a reload', () => {
  it('is read back as written', () => {
    const base = { revision: 7, document: exampleDocument('order-to-cash') }
    savedBases.set('order-to-cash', base)
    expect(savedBases.get('order-to-cash')).toEqual(base)
    expect(savedBases.get('ticket-to-resolution')).toBeUndefined()
  })

  it('is dropped rather than left at an older revision when the browser has no room for the new one', () => {
    savedBases.set('order-to-cash', { revision: 7, document: exampleDocument('order-to-cash') })
    const huge = { ...exampleDocument('order-to-cash'), description: 'x'.repeat(6_000_000) }
    savedBases.set('order-to-cash', { revision: 8, document: huge })
    expect(savedBases.get('order-to-cash')).toBeUndefined()
  })

  it('is none when what is kept is not one', () => {
    localStorage.setItem('conveyor:base:order-to-cash', '{"revision":"7"')
    expect(savedBases.get('order-to-cash')).toBeUndefined()
    localStorage.setItem('conveyor:base:order-to-cash', '{"revision":"7","document":{}}')
    expect(savedBases.get('order-to-cash')).toBeUndefined()
  })
})
