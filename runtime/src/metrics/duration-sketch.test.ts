import { describe, expect, it } from 'vitest'
import { addToSketch, emptySketch, mergeSketch, sketchQuantile, sketchRelativeError } from './duration-sketch'

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const exactQuantile = (sorted: number[], q: number) => sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!

describe('duration sketch', () => {
  it('reads quantiles within its stated relative error, from a millisecond to weeks', () => {
    const next = random(7)
    const values = Array.from({ length: 20_000 }, () => Math.round(Math.exp(next() * 21)))
    const sketch = emptySketch()
    for (const v of values) addToSketch(sketch, v)
    const sorted = [...values].sort((a, b) => a - b)
    for (const q of [0.01, 0.25, 0.5, 0.9, 0.99, 1]) {
      const exact = exactQuantile(sorted, q)
      // Rounding to the millisecond adds at most half a millisecond.
      expect(Math.abs(sketchQuantile(sketch, q)! - exact)).toBeLessThanOrEqual(
        exact * sketchRelativeError + 0.5,
      )
    }
    expect(sketch.sumMs).toBe(values.reduce((a, b) => a + b, 0))
  })

  it('merges into the sketch of all the values', () => {
    const next = random(11)
    const whole = emptySketch()
    const parts = [emptySketch(), emptySketch(), emptySketch()]
    for (let i = 0; i < 3000; i++) {
      const v = next() * 1e6
      addToSketch(whole, v)
      addToSketch(parts[i % 3]!, v)
    }
    const merged = emptySketch()
    for (const part of parts) mergeSketch(merged, part)
    expect(merged.buckets).toEqual(whole.buckets)
    expect(merged.count).toBe(3000)
    expect(sketchQuantile(emptySketch(), 0.5)).toBeNull()
  })
})
