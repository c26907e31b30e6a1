import type { KeeperTimers } from '../keeper-timers'

/** A keeper's clock that stands still until a test moves it; timers fire as it passes them. */
export class ManualTimers implements KeeperTimers {
  private time = 0
  private nextId = 0
  private readonly pending = new Map<number, { at: number; fire: () => void }>()

  now(): number {
    return this.time
  }

  after(ms: number, fire: () => void): () => void {
    const id = this.nextId++
    this.pending.set(id, { at: this.time + Math.max(0, ms), fire })
    return () => this.pending.delete(id)
  }

  /** Moves the clock on by `ms`, firing each timer it passes, earliest first. */
  advance(ms: number): void {
    const until = this.time + ms
    for (;;) {
      const due = [...this.pending]
        .filter(([, timer]) => timer.at <= until)
        .sort(([, a], [, b]) => a.at - b.at)[0]
      if (due === undefined) break
      const [id, timer] = due
      this.pending.delete(id)
      this.time = timer.at
      timer.fire()
    }
    this.time = until
  }
}
