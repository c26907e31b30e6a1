import { useReactFlow } from '@xyflow/react'
import { useEffect, useSyncExternalStore } from 'react'
import type { NodeOverlay } from '../app/extensions'
import type { Peer, Presence } from './presence'

const cursorIntervalMs = 50

export function usePeers(presence: Presence): Peer[] {
  return useSyncExternalStore(presence.subscribe, presence.getPeers)
}

/** Tells the others which nodes this tab has selected. */
export function useSharedSelection(presence: Presence, selectedNodes: ReadonlySet<string>): void {
  useEffect(() => presence.setSelectedNodes([...selectedNodes]), [presence, selectedNodes])
}

/** Tells the others where this tab's pointer is on the canvas (at most every 50 ms). */
export function useSharedCursor(presence: Presence): void {
  const { screenToFlowPosition } = useReactFlow()
  useEffect(() => {
    let last = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    const onMove = (event: PointerEvent) => {
      const onCanvas =
        event.target instanceof Element && event.target.closest('.react-flow__pane, .react-flow__node')
      clearTimeout(timer)
      const send = () => {
        last = Date.now()
        presence.setCursor(onCanvas ? screenToFlowPosition({ x: event.clientX, y: event.clientY }) : null)
      }
      const wait = last + cursorIntervalMs - Date.now()
      if (wait <= 0) send()
      else timer = setTimeout(send, wait)
    }
    window.addEventListener('pointermove', onMove)
    return () => {
      clearTimeout(timer)
      window.removeEventListener('pointermove', onMove)
      presence.setCursor(null)
    }
  }, [presence, screenToFlowPosition])
}

/** Marks the nodes the others have selected (a badge naming them), on the canvas's overlay. */
export function useSelectionBadges(
  presence: Presence,
  setOverlay: (overlay: NodeOverlay | null) => void,
): void {
  const peers = usePeers(presence)
  useEffect(() => {
    const overlay: NodeOverlay = {}
    for (const peer of peers) {
      for (const nodeId of peer.selectedNodes) {
        ;(overlay[nodeId] ??= { badges: [] }).badges!.push(`Selected by ${peer.name}`)
      }
    }
    setOverlay(Object.keys(overlay).length > 0 ? overlay : null)
  }, [peers, setOverlay])
  useEffect(() => () => setOverlay(null), [setOverlay])
}
