import type { Presence } from './presence'
import { usePeers } from './use-presence'

function initials(name: string): string {
  const words = name.split(/\s+/).filter(Boolean)
  return words
    .slice(0, 2)
    .map((word) => [...word][0]!.toUpperCase())
    .join('')
}

/** Who else has this workflow open. Names are rendered as text. */
export function PresenceAvatars({ presence }: { presence: Presence }) {
  const peers = usePeers(presence)
  if (peers.length === 0) return null
  return (
    <ul className="presence" aria-label="Also editing">
      {peers.map((peer) => (
        <li
          key={peer.clientId}
          className="presence__avatar"
          style={{ background: peer.color }}
          title={peer.name}
        >
          <span aria-hidden="true">{initials(peer.name)}</span>
          <span className="presence__name">{peer.name}</span>
        </li>
      ))}
    </ul>
  )
}
