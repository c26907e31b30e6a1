import type { ItemState } from './metric-fold'

/** Items not yet ended whose state is kept in memory between batches (the most recently folded). */
const defaultLimit = 10_000

/**
 * The states of the items not yet ended that the last folds stored (in `metric_items`), kept in
 * memory so a batch need not read and parse again the items it shares with the batch before. They
 * are what the store holds once the fold's transaction commits, so they are trusted only once it
 * has (`end`, after the commit), and on SQLite only while the store's fold progress is the one the
 * last fold left: a rolled-back transaction, or another process folding, makes them stale and they
 * are dropped, to be read again from the store. (On PostgreSQL no progress is kept: `null`.)
 */
export class ItemStateCache {
  /** Least recently folded first. */
  private readonly states = new Map<string, ItemState>()
  /** The fold progress the states are as of; undefined from a fold's start until it has committed. */
  private through: number | null | undefined

  constructor(private readonly limit = defaultLimit) {}

  /** A fold starts after `progress` (the store's, read in the fold's transaction). */
  begin(progress: number | null): void {
    if (this.through !== progress) this.states.clear()
    this.through = undefined
  }

  get(instanceId: string): ItemState | undefined {
    return this.states.get(instanceId)
  }

  /** The fold stored the item's state. */
  remember(instanceId: string, state: ItemState): void {
    this.states.delete(instanceId)
    this.states.set(instanceId, state)
  }

  /** The item ended: the fold dropped its state. */
  forget(instanceId: string): void {
    this.states.delete(instanceId)
  }

  /** The fold that stored everything up to `progress` has committed: the states are those of that point. */
  end(progress: number | null): void {
    for (const instanceId of this.states.keys()) {
      if (this.states.size <= this.limit) break
      this.states.delete(instanceId)
    }
    this.through = progress
  }
}
