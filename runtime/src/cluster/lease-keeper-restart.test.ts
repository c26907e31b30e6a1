import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { startThrowawayCluster, type ThrowawayCluster } from '../store/postgres/testing/throwaway-cluster'
import { LeaseRows } from '../store/repositories/lease-rows'
import { KeeperCrew, type CrewMember } from './test-support/keeper-crew'

// A cluster of this file's own: restarting the one the other test files share would cut them off.
let cluster: ThrowawayCluster | undefined
let crew: KeeperCrew | undefined
beforeAll(async () => {
  cluster = await startThrowawayCluster()
})
afterAll(async () => {
  await crew?.close()
  cluster?.stop()
})

const leaseMs = 10_000

it('keeps every lease, at the same epoch, through a PostgreSQL restart that ends within the lease', async () => {
  crew = await KeeperCrew.open(cluster!.url)
  const members: CrewMember[] = []
  for (const id of ['a', 'b', 'c']) members.push(await crew.add(id, { leaseMs }))
  for (const { keeper } of members) await keeper.start()
  // Claims come every 2 s on their own; asked at once, the split is made in one round.
  for (const { keeper } of members) await keeper.rebalance()
  const held = () =>
    members.map(({ keeper }) => keeper.ownedParts().map((part) => [part, keeper.epochOf(part)]))
  const before = held()
  expect(before.map((parts) => parts.length)).toEqual([22, 21, 21])
  const rowsBefore = (await crew.leases()).map(({ part, owner, epoch }) => ({ part, owner, epoch }))
  const lossesBefore = crew.losses.length

  await cluster!.restart(async () => {
    // Down for real: a renewal now fails.
    for (const { keeper } of members) await expect(keeper.renew()).rejects.toThrow()
  })
  const back = await new LeaseRows(crew.observer).now()

  // Each keeper renews on its own schedule once the database answers again.
  await vi.waitFor(
    async () => {
      for (const row of await crew!.leases()) expect(row.expires_at).toBeGreaterThanOrEqual(back + leaseMs)
    },
    { timeout: 15_000, interval: 100 },
  )
  expect(held()).toEqual(before)
  expect((await crew.leases()).map(({ part, owner, epoch }) => ({ part, owner, epoch }))).toEqual(rowsBefore)
  expect(crew.losses).toHaveLength(lossesBefore)
}, 60_000)
