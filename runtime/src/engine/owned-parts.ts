import { partitionCount, partitionOf } from '../cluster/partitions'

/**
 * The partitions whose instances this engine acts on: gained and lost as the replica's ownership
 * changes. Owning all of them (a SQLite folder's one process) needs no hashing of ids at all.
 */
export class OwnedParts {
  private readonly parts = new Set<number>()

  gain(part: number): void {
    this.parts.add(part)
  }

  lose(parts: Iterable<number>): void {
    for (const part of parts) this.parts.delete(part)
  }

  /** True when every partition is owned: nothing needs filtering. */
  get all(): boolean {
    return this.parts.size === partitionCount
  }

  has(part: number): boolean {
    return this.parts.has(part)
  }

  /** True while the instance's partition is owned. */
  ownsInstance(instanceId: string): boolean {
    return this.all || this.parts.has(partitionOf(instanceId))
  }
}
