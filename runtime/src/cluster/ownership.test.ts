import { describe, expect, it } from 'vitest'
import { SingleProcessOwnership, type LossReason } from './ownership'
import { allPartitions } from './partitions'

describe('a single process’s ownership (SQLite)', () => {
  it('owns every partition at epoch 1 from start to stop, telling its events', async () => {
    const gained: Array<[number, number]> = []
    const lost: Array<[number[], LossReason]> = []
    const ownership = new SingleProcessOwnership({
      onGained: (part, epoch) => gained.push([part, epoch]),
      onLost: (parts, reason) => {
        lost.push([parts, reason])
      },
    })
    expect(ownership.owns(0)).toBe(false)

    await ownership.start()
    await ownership.start()
    expect(gained).toEqual(allPartitions.map((part) => [part, 1]))
    expect(ownership.ownedParts()).toEqual(allPartitions)
    expect(ownership.owns(63)).toBe(true)
    expect(ownership.epochOf(17)).toBe(1)
    expect(ownership.owns(64)).toBe(false)
    expect(ownership.epochOf(64)).toBeUndefined()

    await ownership.stop()
    expect(lost).toEqual([[allPartitions, 'stopped']])
    expect(ownership.ownedParts()).toEqual([])
    expect(ownership.epochOf(17)).toBeUndefined()
  })
})
