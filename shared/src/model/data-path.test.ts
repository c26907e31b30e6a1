import { describe, expect, it } from 'vitest'
import { valueAtPath } from './data-path'

describe('the value at a dotted path of an item', () => {
  const item = { order: { id: 'A-17', lines: [{ sku: 'X' }] }, total: 0, note: null }

  it('reads nested fields, list positions and falsy values', () => {
    expect(valueAtPath(item, 'order.id')).toBe('A-17')
    expect(valueAtPath(item, 'order.lines.0.sku')).toBe('X')
    expect(valueAtPath(item, 'total')).toBe(0)
    expect(valueAtPath(item, 'note')).toBeNull()
  })

  it('names nothing where the item has nothing, built-ins included', () => {
    expect(valueAtPath(item, 'order.missing')).toBeUndefined()
    expect(valueAtPath(item, 'total.value')).toBeUndefined()
    expect(valueAtPath(item, 'constructor')).toBeUndefined()
    expect(valueAtPath(item, 'order.__proto__')).toBeUndefined()
  })
})
