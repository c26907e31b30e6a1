import type { StepFallbackView } from '@conveyor/shared/protocol/step-fallback'
import type { NodeOverlay } from '../app/extensions'

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** "Manual since 10:42 — vendor outage": what a step switched to manual shows on its node. */
export function manualBadge(fallback: StepFallbackView): string | undefined {
  if (!fallback.manual) return undefined
  const since = fallback.since ? ` since ${clock.format(new Date(fallback.since))}` : ''
  return `Manual${since}${fallback.reason ? ` — ${fallback.reason}` : ''}`
}

/** Each manual step's badge, as a layer of its own on the diagram. */
export function manualBadges(fallbacks: readonly StepFallbackView[]): NodeOverlay {
  const painted: NodeOverlay = {}
  for (const fallback of fallbacks) {
    const badge = manualBadge(fallback)
    if (badge) painted[fallback.nodeId] = { badges: [badge] }
  }
  return painted
}
