import type { LossReason, OwnershipEvents } from './ownership'

/**
 * Tells every part of a replica that follows ownership (the engine, the command worker, the
 * workflow owner's duties, live documents) of each partition gained or lost. A loss settles once
 * every subscriber has stopped that partition's work, so a hand-over frees the rows only after.
 */
export class OwnershipFanout implements OwnershipEvents {
  private readonly subscribers = new Set<Partial<OwnershipEvents>>()

  /** Hears gains and losses from now on; returns the unsubscribe function. */
  subscribe(events: Partial<OwnershipEvents>): () => void {
    this.subscribers.add(events)
    return () => this.subscribers.delete(events)
  }

  onGained(part: number, epoch: number): void {
    for (const subscriber of [...this.subscribers]) subscriber.onGained?.(part, epoch)
  }

  async onLost(parts: number[], reason: LossReason): Promise<void> {
    const stopping = [...this.subscribers].map((subscriber) => subscriber.onLost?.(parts, reason))
    const failures = (await Promise.allSettled(stopping)).filter(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
    )
    if (failures.length > 0) throw failures[0]!.reason
  }
}
