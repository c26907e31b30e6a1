import { processTimers, type KeeperTimers } from '../keeper-timers'

/**
 * The process's timers until frozen; then none fires any more, as in a replica killed mid-work
 * (what it had in flight with the database still completes, as on a real connection).
 */
export class FreezableTimers implements KeeperTimers {
  private frozen = false
  private readonly pending = new Set<() => void>()

  now(): number {
    return processTimers.now()
  }

  after(ms: number, fire: () => void): () => void {
    if (this.frozen) return () => {}
    const cancel = processTimers.after(ms, () => {
      this.pending.delete(cancel)
      fire()
    })
    this.pending.add(cancel)
    return () => {
      this.pending.delete(cancel)
      cancel()
    }
  }

  freeze(): void {
    this.frozen = true
    for (const cancel of this.pending) cancel()
    this.pending.clear()
  }
}
