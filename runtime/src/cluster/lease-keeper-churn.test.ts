import { afterAll, expect, it, vi } from 'vitest'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'
import { KeeperCrew, type CrewMember } from './test-support/keeper-crew'
import { FreezableTimers } from './test-support/freezable-timers'

/** A short lease on the process's real clock: the database's clock cannot be moved by a test. */
const timing = { leaseMs: 600, renewEveryMs: 200, claimEveryMs: 200 }
const seed = 20_261_205
const steps = 60

type Replica = CrewMember & { timers: FreezableTimers; state: 'running' | 'cut' }

let crew: KeeperCrew | undefined
afterAll(async () => crew?.close())

/** A small seeded generator (mulberry32), so that a failing run can be followed step by step. */
function seeded(start: number): () => number {
  let state = start >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

it('never lets two keepers own a partition at one epoch, nor two running ones at once, while replicas start, stop, die and lose the database at random', async () => {
  crew = await KeeperCrew.open(await freshPostgresDatabase())
  const random = seeded(seed)
  const replicas: Replica[] = []
  const done = { started: 0, stopped: 0, killed: 0, cut: 0 }
  let named = 0

  const start = async () => {
    const timers = new FreezableTimers()
    const replica: Replica = {
      ...(await crew!.add(`r${named++}`, { ...timing, timers })),
      timers,
      state: 'running',
    }
    replicas.push(replica)
    await replica.keeper.start()
    done.started++
  }
  const leave = async (replica: Replica) => {
    replicas.splice(replicas.indexOf(replica), 1)
    await crew!.retire(replica)
  }

  /** Waits until the replicas in touch with the database hold all 64 between them, evenly, as the rows say. */
  const settled = () =>
    vi.waitFor(
      async () => {
        const running = replicas.filter((replica) => replica.state === 'running')
        const owners = new Map<number, string>()
        for (const { id, keeper } of running) {
          for (const part of keeper.ownedParts()) {
            expect(owners.get(part), `part ${part}`).toBeUndefined()
            owners.set(part, id)
          }
        }
        expect(owners.size).toBe(64)
        const sizes = running.map(({ keeper }) => keeper.ownedParts().length)
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
        for (const row of await crew!.leases()) {
          expect(row.owner).toBe(owners.get(row.part))
          expect(running.find((replica) => replica.id === row.owner)!.keeper.epochOf(row.part)).toBe(
            row.epoch,
          )
        }
      },
      { timeout: 20_000, interval: 50 },
    )

  for (let step = 0; step < steps; step++) {
    // A replica cut off from the database stays cut until the next step.
    for (const replica of replicas) {
      replica.db.mend()
      replica.state = 'running'
    }
    const running = [...replicas]
    const pick = () => running[Math.floor(random() * running.length)]!
    const roll = random()
    if (running.length < 2 || (roll < 0.3 && running.length < 5)) {
      await start()
    } else if (roll < 0.5) {
      const replica = pick()
      await replica.keeper.stop()
      await leave(replica)
      done.stopped++
    } else if (roll < 0.75) {
      // Killed: no timer fires again and its connections close; it never hands anything over.
      const replica = pick()
      replica.timers.freeze()
      await leave(replica)
      done.killed++
    } else {
      const replica = pick()
      replica.db.cut()
      replica.state = 'cut'
      done.cut++
    }
    // Often the next change comes before the last has settled.
    if (random() < 0.6) await settled()
  }
  for (const replica of replicas) {
    replica.db.mend()
    replica.state = 'running'
  }
  await settled()

  const ownerAt = new Map<string, string>()
  const twice: string[] = []
  for (const { keeper, part, epoch } of crew.gains) {
    const key = `part ${part} at epoch ${epoch}`
    if (ownerAt.has(key)) twice.push(`${key}: ${ownerAt.get(key)} and ${keeper}`)
    ownerAt.set(key, keeper)
  }
  expect(twice).toEqual([])
  // Nor two at once: a replica gives a partition up before its lease can run out for the others.
  expect(crew.overlaps()).toEqual([])
  for (const row of await crew.leases()) {
    const gained = crew.gains.filter((gain) => gain.part === row.part).map((gain) => gain.epoch)
    expect(row.epoch).toBeGreaterThanOrEqual(Math.max(...gained))
  }

  // The run went through every kind of change.
  expect(done.started).toBeGreaterThanOrEqual(5)
  expect(done.stopped).toBeGreaterThanOrEqual(3)
  expect(done.killed).toBeGreaterThanOrEqual(3)
  expect(done.cut).toBeGreaterThanOrEqual(3)
  expect(crew.losses.some((loss) => loss.reason === 'fenced')).toBe(true)
}, 180_000)
