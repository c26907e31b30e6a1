import { allPartitions } from './partitions'

/** Why a replica stopped owning partitions. */
export type LossReason =
  /** The renewal found them gone: the lease ran out and another replica took them. */
  | 'taken'
  /** No renewal succeeded for nearly a lease period: given up before another may take them. */
  | 'fenced'
  /** Handed over so that each replica holds its share. */
  | 'rebalanced'
  /** The replica is stopping. */
  | 'stopped'

/** What a replica is told as its partitions come and go. */
export interface OwnershipEvents {
  /** `part` is this replica's from now, at `epoch` (higher than any earlier owner's). */
  onGained(part: number, epoch: number): void
  /**
   * `parts` are no longer this replica's: stop their work. When handing them over (rebalanced,
   * stopped) they are let go of in the database only once the promise returned settles.
   */
  onLost(parts: number[], reason: LossReason): void | Promise<void>
}

/** Which of the 64 partitions this replica owns, and at which epoch. */
export interface Ownership {
  /** Takes this replica's partitions; resolves once it holds its first ones. */
  start(): Promise<void>
  /** Gives every partition up (reported to `onLost` first). */
  stop(): Promise<void>
  owns(part: number): boolean
  /** The epoch `part` is owned at, undefined when not owned. */
  epochOf(part: number): number | undefined
  /** The partitions owned, lowest first. */
  ownedParts(): number[]
}

/**
 * A SQLite data folder is served by one process, which owns every partition at epoch 1 for as
 * long as it runs: no lease rows, no renewals.
 */
export class SingleProcessOwnership implements Ownership {
  private owned = false

  constructor(private readonly events: OwnershipEvents) {}

  async start(): Promise<void> {
    if (this.owned) return
    this.owned = true
    for (const part of allPartitions) this.events.onGained(part, 1)
  }

  async stop(): Promise<void> {
    if (!this.owned) return
    this.owned = false
    await this.events.onLost([...allPartitions], 'stopped')
  }

  owns(part: number): boolean {
    return this.owned && allPartitions.includes(part)
  }

  epochOf(part: number): number | undefined {
    return this.owns(part) ? 1 : undefined
  }

  ownedParts(): number[] {
    return this.owned ? [...allPartitions] : []
  }
}
