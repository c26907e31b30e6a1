import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OwnershipFanout } from '../cluster/ownership-fanout'
import { partitionOf } from '../cluster/partitions'
import type { ReplicaCluster } from '../cluster/replica-cluster'
import { CommandCrew, type CrewReplica } from '../cluster/test-support/commands-crew'
import { NotOwnedError } from '../engine/not-owned-error'
import { FencedError } from '../store/batch-fence'
import { freshPostgresDatabase } from '../store/postgres/testing/fresh-database'
import { RoutedCalls } from './routed-calls'
import { UnavailableError } from './errors'

let crew: CommandCrew

beforeEach(async () => {
  crew = new CommandCrew(await freshPostgresDatabase(), { pollEveryMs: 600_000 })
})
afterEach(() => crew.close())

/** The cluster a service would have on `replica`: its ownership, wake-ups and submitter. */
function clusterOf(replica: CrewReplica): ReplicaCluster {
  return {
    replicaId: replica.id,
    ownership: replica.ownership,
    ownershipEvents: new OwnershipFanout(),
    listener: replica.listener,
    submitter: replica.submitter,
    close: async () => undefined,
  }
}

describe('a request run where its partition is owned', () => {
  it('hands a request refused here because its partition changed hands meanwhile to the new owner, once', async () => {
    const instanceId = randomUUID()
    const part = partitionOf(instanceId)
    const a = await crew.add('a', {})
    const b = await crew.add('b', { bump: async (command) => `${String(command.payload)} on b` })
    crew.give(a, [part], 1)
    const calls = new RoutedCalls(clusterOf(a), a.db, () => undefined)
    const ranHere: string[] = []
    const bump = calls.define('bump', async (payload: string) => {
      ranHere.push(payload)
      // Taken over between the look at the partition and the engine's own check.
      a.ownership.take(part)
      crew.give(b, [part], 2)
      throw new NotOwnedError(instanceId)
    })

    await expect(bump(part, 'first')).resolves.toBe('first on b')

    expect(ranHere).toEqual(['first'])
    expect(b.ran).toHaveLength(1)
  })

  it('answers a refusal by a replica that no longer owns the partition as unavailable, to send again', async () => {
    const instanceId = randomUUID()
    const part = partitionOf(instanceId)
    const a = await crew.add('a', {})
    const b = await crew.add('b', {
      bump: async () => {
        throw new NotOwnedError(instanceId)
      },
    })
    crew.give(b, [part], 1)
    const calls = new RoutedCalls(clusterOf(a), a.db, () => undefined)
    const bump = calls.define('bump', async () => 'ran on a')

    const refused = await bump(part, 'x').catch((error: unknown) => error)

    expect(refused).toBeInstanceOf(UnavailableError)
    expect(refused).toMatchObject({ message: new NotOwnedError(instanceId).message })
  })

  it('hands a request whose batch the fence refused, as the partition changed hands while it committed, to the new owner', async () => {
    const part = partitionOf(randomUUID())
    const a = await crew.add('a', {})
    const b = await crew.add('b', { bump: async (command) => `${String(command.payload)} on b` })
    crew.give(a, [part], 1)
    const calls = new RoutedCalls(clusterOf(a), a.db, () => undefined)
    const bump = calls.define('bump', async () => {
      a.ownership.take(part)
      crew.give(b, [part], 2)
      throw new FencedError(`replica a no longer owns partition ${part}`)
    })

    await expect(bump(part, 'first')).resolves.toBe('first on b')
    expect(b.ran).toHaveLength(1)
  })

  it('answers an owner whose batch the fence refused with the same refusal (not_owner), to send again', async () => {
    const part = partitionOf(randomUUID())
    const a = await crew.add('a', {})
    const b = await crew.add('b', {
      bump: async () => {
        throw new FencedError(`replica b no longer owns partition ${part}`)
      },
    })
    crew.give(b, [part], 1)
    const calls = new RoutedCalls(clusterOf(a), a.db, () => undefined)
    const bump = calls.define('bump', async () => 'ran on a')

    const refused = await bump(part, 'x').catch((error: unknown) => error)

    expect(refused).toBeInstanceOf(FencedError)
    expect(refused).toMatchObject({ message: `replica b no longer owns partition ${part}` })
  })
})
