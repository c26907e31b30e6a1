import type { NodeOverlay } from '../app/extensions'
import type { LiveConnection } from './live-connection'
import { PeerCursors } from './peer-cursors'
import { PresenceAvatars } from './presence-avatars'
import { ConnectionStatus } from './connection-status'
import { useSelectionBadges, useSharedCursor, useSharedSelection } from './use-presence'

/** Shares this tab's pointer and selection, and shows the others' (inside the flow provider). */
export function CollaborationLayer({
  live,
  selectedNodes,
  setOverlay,
}: {
  live: LiveConnection
  selectedNodes: ReadonlySet<string>
  setOverlay: (overlay: NodeOverlay | null) => void
}) {
  useSharedCursor(live.presence)
  useSharedSelection(live.presence, selectedNodes)
  useSelectionBadges(live.presence, setOverlay)
  return <PeerCursors presence={live.presence} />
}

/** The toolbar's part: the connection and who else is here. */
export function CollaborationStatus({ live }: { live: LiveConnection }) {
  return (
    <div className="toolbar__group">
      <ConnectionStatus live={live} />
      <PresenceAvatars presence={live.presence} />
    </div>
  )
}
