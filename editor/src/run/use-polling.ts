import { useEffect } from 'react'

/** Calls `tick` every `ms` while the component is shown and the page is visible. */
export function usePolling(tick: () => void, ms: number, enabled = true): void {
  useEffect(() => {
    if (!enabled) return
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') tick()
    }, ms)
    return () => clearInterval(timer)
  }, [tick, ms, enabled])
}
