import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { allPartitions, partitionCount, partitionOf } from './partitions'

describe('partitions', () => {
  it('puts a key in the partition its SHA-256 names, the same every time', () => {
    // sha256("") begins e3 b0 c4 42: 0xe3b0c442 % 64 = 2; sha256("abc") begins ba 78 16 bf: % 64 = 63.
    expect(partitionOf('')).toBe(2)
    expect(partitionOf('abc')).toBe(63)
    const id = '3f2b1c9e-7a1d-4e55-9a0b-2a6f6c1d8e01'
    expect(partitionOf(id)).toBe(createHash('sha256').update(id).digest().readUInt32BE(0) % 64)
  })

  it('reads the key as UTF-8 text', () => {
    const key = 'Bestellung prüfen'
    expect(partitionOf(key)).toBe(
      createHash('sha256').update(Buffer.from(key, 'utf8')).digest().readUInt32BE(0) % 64,
    )
  })

  it('spreads many keys over all 64 partitions, none far from its share', () => {
    const counts = new Array<number>(partitionCount).fill(0)
    for (let i = 0; i < 64_000; i++) counts[partitionOf(`instance-${i}`)]! += 1
    expect(allPartitions).toEqual([...counts.keys()])
    // 1,000 expected each; a binomial spread stays well within ±20% (over 6 standard deviations).
    expect(Math.min(...counts)).toBeGreaterThan(800)
    expect(Math.max(...counts)).toBeLessThan(1_200)
  })
})
