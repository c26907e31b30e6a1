import { describe, expect, it } from 'vitest'
import { bucketStart, trendWindow } from './trend-window'

const at = Date.parse
const iso = (ms: number) => new Date(ms).toISOString()

describe('trend buckets', () => {
  it('starts a day at UTC midnight and a week on the Monday before', () => {
    expect(iso(bucketStart(at('2026-03-04T23:59:59.999Z'), 'day'))).toBe('2026-03-04T00:00:00.000Z')
    // Sunday belongs to the week that started six days earlier; Monday starts its own.
    expect(iso(bucketStart(at('2026-03-08T23:00:00Z'), 'week'))).toBe('2026-03-02T00:00:00.000Z')
    expect(iso(bucketStart(at('2026-03-09T00:00:00Z'), 'week'))).toBe('2026-03-09T00:00:00.000Z')
    // Across a year's end: 1 January 2027 is a Friday.
    expect(iso(bucketStart(at('2027-01-01T12:00:00Z'), 'week'))).toBe('2026-12-28T00:00:00.000Z')
  })

  it('widens a range to whole buckets, keeping a `to` that already falls on one', () => {
    const window = trendWindow({ bucket: 'day', from: '2026-03-02T10:00:00Z', to: '2026-03-04T00:00:00Z' }, 0)
    expect(window.starts.map(iso)).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z'])
    expect(iso(window.to)).toBe('2026-03-04T00:00:00.000Z')
  })

  it('ends with the bucket holding now by default', () => {
    const window = trendWindow({ bucket: 'week' }, at('2026-03-09T00:00:00Z'))
    expect(window.starts).toHaveLength(12)
    expect(iso(window.starts.at(-1)!)).toBe('2026-03-09T00:00:00.000Z')
    expect(iso(window.to)).toBe('2026-03-16T00:00:00.000Z')
  })

  it('takes 366 buckets and refuses 367', () => {
    expect(trendWindow({ from: '2025-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, 0).starts).toHaveLength(
      366,
    )
    expect(() => trendWindow({ from: '2025-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' }, 0)).toThrow(
      /covers 367 days; at most 366/,
    )
  })
})
