import { describe, expect, it } from 'vitest'
import { formatMoney, formatShare } from './figures'

describe('figures as people read them', () => {
  it('keeps a small share’s precision instead of rounding it to nothing', () => {
    expect([0, 0.0035, 0.00012, 0.035, 0.35, 0.6667, 1].map(formatShare)).toEqual([
      '0%',
      '0.35%',
      '0.012%',
      '3.5%',
      '35%',
      '67%',
      '100%',
    ])
  })

  it('names the currency of every amount', () => {
    expect(formatMoney(4, 'EUR', 'en-GB')).toBe('€4.00')
    expect(formatMoney(1234.5, 'USD', 'en-US')).toBe('$1,234.50')
    expect(formatMoney(3.2, 'CHF', 'en-GB')).toMatch(/^CHF\s?3\.20$/)
  })
})
