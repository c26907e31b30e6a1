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

/** What happened to the crew, in the order it happened. */
export type CrewEvent =
  | ({ kind: 'gained' } & Gain)
  | ({ kind: 'lost' } & Loss)
  /** Its replica is gone (stopped, or killed): nothing it reports afterwards counts. */
  | { kind: 'retired'; keeper: string }

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
  readonly history: CrewEvent[] = []
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
        onGained: (part, epoch) => {
          this.gains.push({ keeper: id, part, epoch })
          this.history.push({ kind: 'gained', keeper: id, part, epoch })
        },
        onLost: async (parts, reason) => {
          this.losses.push({ keeper: id, parts, reason })
          this.history.push({ kind: 'lost', keeper: id, parts, reason })
          await handOver?.()
        },
      },
      onError: (error) => errors.push(error),
    })
    const member = { id, keeper, db, errors }
    this.members.push(member)
    return member
  }

  /**
   * Each moment a keeper gained a partition that another replica, still running, held by its own
   * account (had not yet reported lost): two replicas working on one partition at once.
   */
  overlaps(): string[] {
    const holder = new Map<number, string>()
    const gone = new Set<string>()
    const found: string[] = []
    for (const event of this.history) {
      if (gone.has(event.keeper)) continue
      if (event.kind === 'gained') {
        const other = holder.get(event.part)
        if (other !== undefined && other !== event.keeper)
          found.push(
            `${event.keeper} gained part ${event.part} at epoch ${event.epoch} while ${other} held it`,
          )
        holder.set(event.part, event.keeper)
      } else if (event.kind === 'lost') {
        for (const part of event.parts) if (holder.get(part) === event.keeper) holder.delete(part)
      } else {
        gone.add(event.keeper)
        for (const [part, keeper] of holder) if (keeper === event.keeper) holder.delete(part)
      }
    }
    return found
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

  /**
   * Closes a member's connection and stops following it, whether its keeper was stopped or is
   * left as a killed replica's would be (what it holds in memory no longer counts for anything).
   */
  async retire(member: CrewMember): Promise<void> {
    this.history.push({ kind: 'retired', keeper: member.id })
    this.members.splice(
      this.members.findIndex((each) => each.id === member.id),
      1,
    )
    await member.db.close()
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
