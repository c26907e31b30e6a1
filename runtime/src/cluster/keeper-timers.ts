import { performance } from 'node:perf_hooks'

/** The clock and timers a lease keeper runs on: the process's own, or a test's it moves by hand. */
export interface KeeperTimers {
  /** A monotonic clock (ms): how long since the last renewal, immune to the wall clock being set. */
  now(): number
  /** Calls `fire` once, `ms` from now; the function returned cancels it. */
  after(ms: number, fire: () => void): () => void
}

export const processTimers: KeeperTimers = {
  now: () => performance.now(),
  after: (ms, fire) => {
    const timer = setTimeout(fire, Math.max(0, ms))
    // The keeper serves a running server; it must not keep a process alive on its own.
    timer.unref()
    return () => clearTimeout(timer)
  },
}
