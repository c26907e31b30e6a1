import { useMemo } from 'react'
import { api } from '../api/client'
import { useResource } from '../api/use-resource'
import type { EditorExtensionProps } from '../app/extensions'
import { manualBadges } from './fallback-badge'
import { useFallbackSwitched } from './fallback-switched'
import { useOverlay } from './use-overlay'
import { usePolling } from './use-polling'

/** A breaker may trip in the runtime at any time: read the switches again this often. */
const refreshMs = 5_000

/**
 * Paints "Manual since 10:42 — vendor outage" on each step done by hand, whichever tab is open.
 * It sits with the toolbar items because those are always mounted; it shows nothing in the toolbar.
 */
export function ManualStepBadges({ workflowId, setOverlay }: EditorExtensionProps) {
  // A workflow never deployed has no switches; nothing to paint is then the right answer.
  const fallbacks = useResource(() => api.listStepFallbacks(workflowId).catch(() => []), workflowId)
  usePolling(fallbacks.reload, refreshMs)
  useFallbackSwitched(workflowId, fallbacks.reload)
  const overlay = useMemo(() => fallbacks.data && manualBadges(fallbacks.data), [fallbacks.data])
  useOverlay(setOverlay, overlay)
  return null
}
