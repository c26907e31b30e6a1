import { describe, expect, it } from 'vitest'
import { OwnershipFanout } from './ownership-fanout'
import { SingleProcessOwnership } from './ownership'

describe('OwnershipFanout', () => {
  it('tells every subscriber, and a loss settles only once each has stopped its work', async () => {
    const fanout = new OwnershipFanout()
    const heard: string[] = []
    let finishEngine!: () => void
    fanout.subscribe({
      onGained: (part, epoch) => heard.push(`engine gained ${part}@${epoch}`),
      onLost: (parts) =>
        new Promise<void>((resolve) => {
          heard.push(`engine losing ${parts.length}`)
          finishEngine = () => {
            heard.push('engine stopped')
            resolve()
          }
        }),
    })
    const unsubscribe = fanout.subscribe({
      onLost: (parts, reason) => void heard.push(`worker lost ${reason}`),
    })
    const ownership = new SingleProcessOwnership(fanout)
    await ownership.start()
    expect(heard.filter((line) => line.startsWith('engine gained'))).toHaveLength(64)
    expect(heard).toContain('engine gained 0@1')

    heard.length = 0
    let stopped = false
    const stopping = ownership.stop().then(() => (stopped = true))
    await Promise.resolve()
    expect(heard).toEqual(['engine losing 64', 'worker lost stopped'])
    expect(stopped).toBe(false)
    finishEngine()
    await stopping
    expect(heard.at(-1)).toBe('engine stopped')

    unsubscribe()
    heard.length = 0
    await ownership.start()
    const stoppingAgain = ownership.stop()
    finishEngine()
    await stoppingAgain
    expect(heard).not.toContain('worker lost stopped')
  })

  it('reports a subscriber that failed to stop, after the others have stopped', async () => {
    const fanout = new OwnershipFanout()
    let otherStopped = false
    fanout.subscribe({ onLost: () => Promise.reject(new Error('could not let go')) })
    fanout.subscribe({ onLost: async () => void (otherStopped = true) })
    await expect(fanout.onLost([3], 'taken')).rejects.toThrow('could not let go')
    expect(otherStopped).toBe(true)
  })
})
