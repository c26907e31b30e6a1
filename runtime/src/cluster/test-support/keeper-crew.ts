import { LeaseKeeper, type LeaseKeeperOptions } from '../lease-keeper'
import type { LossReason } from '../ownership'
import { LeaseRows } from '../../store/repositories/lease-rows'
import { openSqlDatabase, type SqlDatabase } from '../../store/sql'
import { cuttable, type CuttableDatabase } from './cuttable-database'

export interface Gain {
  keeper: string
  part: number
  epoch: number
}

export interface Loss {
  keeper: string
  parts: number[]
  reason: LossReason
}

export interface LeaseRow {
  part: number
  owner: string | null
  epoch: number
  expires_at: number
}

export interface CrewMember {
  id: string
  keeper: LeaseKeeper
  db: CuttableDatabase
  errors: unknown[]
}

/**
 * Lease keepers of several replicas in one test process, each on a database connection of its
 * own (as separate processes would be), recording every gain and loss they report.
 */
export class KeeperCrew {
  readonly gains: Gain[] = []
  readonly losses: Loss[] = []
  readonly members: CrewMember[] = []

  private constructor(
    private readonly url: string,
    /** The test's own connection, to look at the rows. */
    readonly observer: SqlDatabase,
  ) {}

  static async open(url: string): Promise<KeeperCrew> {
    return new KeeperCrew(url, await openSqlDatabase({ url, poolSize: 1 }))
  }

  /**
   * A keeper for replica `id`, not yet started. `handOver`, when given, is awaited as the keeper's
   * `onLost` (after the loss is recorded): the keeper lets go in the database once it settles.
   */
  async add(
    id: string,
    options: Partial<Omit<LeaseKeeperOptions, 'replicaId' | 'events'>> = {},
    handOver?: () => Promise<void>,
  ): Promise<CrewMember> {
    const db = cuttable(await openSqlDatabase({ url: this.url, poolSize: 2 }))
    const errors: unknown[] = []
    const keeper = new LeaseKeeper(db, {
      ...options,
      replicaId: id,
      events: {
        onGained: (part, epoch) => this.gains.push({ keeper: id, part, epoch }),
        onLost: async (parts, reason) => {
          this.losses.push({ keeper: id, parts, reason })
          await handOver?.()
        },
      },
      onError: (error) => errors.push(error),
    })
    const member = { id, keeper, db, errors }
    this.members.push(member)
    return member
  }

  /** The partitions each keeper owns, by its own account. */
  owned(): Record<string, number[]> {
    return Object.fromEntries(this.members.map((member) => [member.id, member.keeper.ownedParts()]))
  }

  /** The lease rows as they are now. */
  leases(): Promise<LeaseRow[]> {
    return this.observer.all<LeaseRow>(
      'SELECT part, owner, epoch, expires_at FROM partition_leases ORDER BY part',
    )
  }

  /** Whether every lease `owner` holds has run out in the database's clock. */
  async expiredFor(owner: string): Promise<boolean> {
    const now = await new LeaseRows(this.observer).now()
    return (await this.leases()).every((row) => row.owner !== owner || row.expires_at < now)
  }

  /** Stops every keeper still running and closes the connections. */
  async close(): Promise<void> {
    for (const member of this.members) {
      member.db.mend()
      await member.keeper.stop().catch(() => undefined)
      await member.db.close()
    }
    await this.observer.close()
  }
}
