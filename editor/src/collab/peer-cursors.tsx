import { useReactFlow, useViewport } from '@xyflow/react'
import type { Presence } from './presence'
import { usePeers } from './use-presence'

/**
 * The others' pointers over the canvas, each with its person's name (as text), following pan and
 * zoom. Drawn in the page's coordinates and clipped to the canvas.
 */
export function PeerCursors({ presence }: { presence: Presence }) {
  const peers = usePeers(presence)
  useViewport() // redraw when the view pans or zooms
  const { flowToScreenPosition } = useReactFlow()
  const canvas = globalThis.document?.querySelector('.react-flow')?.getBoundingClientRect()
  if (!canvas) return null
  return (
    <div className="peer-cursors" aria-hidden="true">
      {peers.map((peer) => {
        if (!peer.cursor) return null
        const at = flowToScreenPosition(peer.cursor)
        const inside =
          at.x >= canvas.left && at.x <= canvas.right && at.y >= canvas.top && at.y <= canvas.bottom
        if (!inside) return null
        return (
          <div
            key={peer.clientId}
            className="peer-cursor"
            data-peer={peer.name}
            style={{ transform: `translate(${at.x}px, ${at.y}px)`, color: peer.color }}
          >
            <svg width="14" height="18" viewBox="0 0 14 18">
              <path d="M0 0 L14 10 L7 11 L4 18 Z" fill="currentColor" stroke="white" />
            </svg>
            <span className="peer-cursor__name" style={{ background: peer.color }}>
              {peer.name}
            </span>
          </div>
        )
      })}
    </div>
  )
}
