import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'
import { openSqlDatabase } from '../store/sql'
import { LeaseKeeper, shareOf } from './lease-keeper'
import { allPartitions } from './partitions'
import { KeeperCrew, type CrewMember } from './test-support/keeper-crew'
import { ManualTimers } from './test-support/manual-timers'

/** Long enough that no lease runs out while a test looks, unless the test waits for it. */
const longLeaseMs = 60_000

let crew: KeeperCrew | undefined
afterEach(async () => {
  await crew?.close()
  crew = undefined
})

/** Keepers `ids` on one fresh database, each on a clock that moves only when the test moves it. */
async function crewOf(ids: string[], leaseMs = longLeaseMs) {
  crew = await KeeperCrew.open(await freshPostgresDatabase())
  const members: Array<CrewMember & { timers: ManualTimers }> = []
  for (const id of ids) {
    const timers = new ManualTimers()
    members.push({ ...(await crew.add(id, { leaseMs, timers })), timers })
  }
  return { crew, members }
}

/** Renews everyone's leases, then lets each claim or hand over in turn. */
async function round(members: CrewMember[]): Promise<void> {
  for (const { keeper } of members) await keeper.renew()
  for (const { keeper } of members) await keeper.rebalance()
}

/** Checks that the keepers' own accounts agree with the rows, and returns who owns what. */
async function ownersAgree(crew: KeeperCrew, members: CrewMember[]): Promise<Map<number, string>> {
  const owners = new Map<number, string>()
  for (const { id, keeper } of members) {
    for (const part of keeper.ownedParts()) {
      expect(owners.has(part), `part ${part} owned by ${owners.get(part)} and ${id}`).toBe(false)
      owners.set(part, id)
    }
  }
  for (const row of await crew.leases()) {
    expect(row.owner, `owner of part ${row.part}`).toBe(owners.get(row.part) ?? null)
    const owner = members.find((member) => member.id === row.owner)
    if (owner) expect(owner.keeper.epochOf(row.part)).toBe(row.epoch)
  }
  return owners
}

const sizes = (members: CrewMember[]) => members.map((member) => member.keeper.ownedParts().length)

describe('the lease keeper on PostgreSQL', () => {
  it('splits the 64 partitions evenly over three replicas, the oldest taking the odd one', async () => {
    const { crew, members } = await crewOf(['a', 'b', 'c'])
    const [a, b, c] = members
    await a!.keeper.start()
    expect(a!.keeper.ownedParts()).toEqual(allPartitions)
    expect(allPartitions.map((part) => a!.keeper.epochOf(part))).toEqual(allPartitions.map(() => 1))

    await b!.keeper.start()
    await c!.keeper.start()
    await round(members)

    expect(sizes(members)).toEqual([22, 21, 21])
    const owners = await ownersAgree(crew, members)
    expect(owners.size).toBe(64)
    // What a handed over went to b and c at the next epoch; nothing else changed hands.
    expect(crew.losses).toEqual([{ keeper: 'a', parts: allPartitions.slice(22), reason: 'rebalanced' }])
    for (const gain of crew.gains.filter((g) => g.keeper !== 'a')) expect(gain.epoch).toBe(3)
    expect(b!.keeper.ownedParts()).toEqual(allPartitions.slice(22, 43))
    expect(c!.keeper.ownedParts()).toEqual(allPartitions.slice(43))
  })

  it('gives up the partitions of a replica cut off from the database before its lease runs out, and the others take them once it has, in one claim', async () => {
    const leaseMs = 1_000
    const fenceMs = leaseMs - leaseMs / 4
    const { crew, members } = await crewOf(['a', 'b', 'c'], leaseMs)
    const [a, b, c] = members
    for (const member of members) await member.keeper.start()
    await round(members)
    const aHeld = a!.keeper.ownedParts()
    expect(aHeld).toHaveLength(22)
    const epochs = new Map(aHeld.map((part) => [part, a!.keeper.epochOf(part)!]))

    a!.db.cut()
    a!.timers.advance(fenceMs - 1)
    // Its renewal failed (and is retried), but its lease may still be running: it keeps working.
    await vi.waitFor(() => expect(a!.errors.length).toBeGreaterThan(0))
    expect(a!.keeper.ownedParts()).toEqual(aHeld)
    a!.timers.advance(1)
    expect(a!.keeper.ownedParts()).toEqual([])
    expect(crew.losses.at(-1)).toEqual({ keeper: 'a', parts: aHeld, reason: 'fenced' })

    // The database still has a as the owner until its lease runs out, in the database's clock:
    // a's own clock stood still all along.
    expect((await crew.leases()).filter((row) => row.owner === 'a')).toHaveLength(22)
    await vi.waitFor(async () => expect(await crew.expiredFor('a')).toBe(true), { timeout: 10_000 })
    await round([b!, c!])

    expect(sizes([b!, c!])).toEqual([32, 32])
    await ownersAgree(crew, [b!, c!])
    for (const part of aHeld) {
      const gain = crew.gains.filter((g) => g.part === part).at(-1)!
      expect(gain.keeper).not.toBe('a')
      expect(gain.epoch).toBe(epochs.get(part)! + 1)
    }

    // Back in touch, a finds nothing of its own left and gets its share again as the others hand over.
    a!.db.mend()
    await round(members)
    await round(members)
    expect(sizes(members)).toEqual([22, 21, 21])
    await ownersAgree(crew, members)
  })

  it('takes back, at a new epoch, what it had given up when the database answers again before anyone took it', async () => {
    const { crew, members } = await crewOf(['a'])
    const [a] = members
    await a!.keeper.start()
    a!.db.cut()
    a!.timers.advance(longLeaseMs - 2_000)
    expect(a!.keeper.ownedParts()).toEqual([])

    a!.db.mend()
    await a!.keeper.renew()
    expect(a!.keeper.ownedParts()).toEqual(allPartitions)
    expect(crew.gains.filter((gain) => gain.epoch === 2).map((gain) => gain.part)).toEqual(allPartitions)
    await ownersAgree(crew, members)
  })

  it('gives each partition up on its own lease’s time when renewals stop, those claimed after the last renewal included', async () => {
    crew = await KeeperCrew.open(await freshPostgresDatabase())
    // Renewals and claims only when the test asks.
    const manual = { leaseMs: longLeaseMs, renewEveryMs: 100 * longLeaseMs, claimEveryMs: 100 * longLeaseMs }
    const timers = new ManualTimers()
    const a = await crew.add('a', { ...manual, timers })
    const b = await crew.add('b', { ...manual, timers: new ManualTimers() })
    await a.keeper.start()
    await b.keeper.start()
    await a.keeper.rebalance()
    await b.keeper.rebalance()
    expect(a.keeper.ownedParts()).toEqual(allPartitions.slice(0, 32))

    timers.advance(30_000)
    await b.keeper.stop()
    await a.keeper.rebalance()
    expect(a.keeper.ownedParts()).toEqual(allPartitions)
    a.db.cut()

    timers.advance(longLeaseMs - 2_000 - 30_000)
    expect(crew.losses.at(-1)).toEqual({ keeper: 'a', parts: allPartitions.slice(0, 32), reason: 'fenced' })
    expect(a.keeper.ownedParts()).toEqual(allPartitions.slice(32))
    timers.advance(30_000 - 1)
    expect(a.keeper.ownedParts()).toEqual(allPartitions.slice(32))
    timers.advance(1)
    expect(crew.losses.at(-1)).toEqual({ keeper: 'a', parts: allPartitions.slice(32), reason: 'fenced' })
    expect(a.keeper.ownedParts()).toEqual([])
  })

  it('hands everything over when stopped, and the others take it at their next claim', async () => {
    const { crew, members } = await crewOf(['a', 'b', 'c'])
    const [a, b, c] = members
    for (const member of members) await member.keeper.start()
    await round(members)
    const aHeld = a!.keeper.ownedParts()
    const epochs = new Map(aHeld.map((part) => [part, a!.keeper.epochOf(part)!]))

    await a!.keeper.stop()
    expect(crew.losses.at(-1)).toEqual({ keeper: 'a', parts: aHeld, reason: 'stopped' })
    const released = (await crew.leases()).filter((row) => aHeld.includes(row.part))
    expect(released.map((row) => [row.owner, row.epoch])).toEqual(
      aHeld.map((part) => [null, epochs.get(part)! + 1]),
    )
    expect(await crew.observer.all('SELECT id FROM replicas ORDER BY id')).toEqual([{ id: 'b' }, { id: 'c' }])

    for (const { keeper } of [b!, c!]) await keeper.rebalance()
    expect(sizes([b!, c!])).toEqual([32, 32])
    await ownersAgree(crew, [b!, c!])
    for (const part of aHeld)
      expect(crew.gains.filter((g) => g.part === part).at(-1)!.epoch).toBe(epochs.get(part)! + 2)
  })

  it('lets go of what it hands over only once its work there has stopped', async () => {
    crew = await KeeperCrew.open(await freshPostgresDatabase())
    let stopped!: () => void
    const stopping = new Promise<void>((resolve) => (stopped = resolve))
    const a = await crew.add('a', { leaseMs: longLeaseMs, timers: new ManualTimers() }, () => stopping)
    const b = await crew.add('b', { leaseMs: longLeaseMs, timers: new ManualTimers() })
    await a.keeper.start()
    await b.keeper.start()

    const handingOver = a.keeper.rebalance()
    await vi.waitFor(() => expect(crew!.losses).toHaveLength(1))
    expect(a.keeper.ownedParts()).toHaveLength(32)
    await b.keeper.rebalance()
    expect(b.keeper.ownedParts()).toEqual([])
    expect((await crew.leases()).every((row) => row.owner === 'a')).toBe(true)

    stopped()
    await handingOver
    await b.keeper.rebalance()
    expect(b.keeper.ownedParts()).toEqual(allPartitions.slice(32))
  })

  it('refuses a SQLite database, whose one process owns every partition', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lease-keeper-'))
    const db = await openSqlDatabase({ dataDir })
    try {
      const events = { onGained: () => {}, onLost: () => {} }
      expect(() => new LeaseKeeper(db, { replicaId: 'a', events })).toThrow(/PostgreSQL only/)
    } finally {
      await db.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('a replica’s share of the partitions', () => {
  const live = (...ids: string[]) => ids.map((id, place) => ({ id, started_at: place }))

  it('adds up to 64 over the live replicas, the oldest taking one more while 64 does not divide', () => {
    expect(['a', 'b', 'c'].map((id) => shareOf(id, live('a', 'b', 'c')))).toEqual([22, 21, 21])
    expect(['a', 'b'].map((id) => shareOf(id, live('a', 'b')))).toEqual([32, 32])
    expect(shareOf('a', live('a'))).toBe(64)
    const many = live(...Array.from({ length: 70 }, (_, i) => `r${i}`))
    expect(many.map(({ id }) => shareOf(id, many)).reduce((sum, share) => sum + share)).toBe(64)
    expect(shareOf('r69', many)).toBe(0)
  })

  it('counts a replica not yet seen as the newest', () => {
    expect(shareOf('d', live('a', 'b', 'c'))).toBe(16)
    expect(shareOf('a', [])).toBe(64)
  })
})
