import type { Awareness } from 'y-protocols/awareness'

export interface XY {
  x: number
  y: number
}

/** Someone else with the workflow open, as their tab announces it. */
export interface Peer {
  clientId: number
  name: string
  color: string
  /** Where their pointer is on the canvas (flow coordinates); null when it is elsewhere. */
  cursor: XY | null
  /** The nodes they have selected. */
  selectedNodes: string[]
}

const palette = ['#b4235a', '#1f6feb', '#0f7b3f', '#a3580b', '#6f42c1', '#0a7a86', '#9a3412', '#4d5bd8']
const maxNameLength = 60
const maxSelected = 500

/** A stable colour per name, so a person keeps theirs across reloads and tabs. */
export function colorFor(name: string): string {
  let hash = 0
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return palette[hash % palette.length]!
}

function asXY(value: unknown): XY | null {
  if (!value || typeof value !== 'object') return null
  const { x, y } = value as Record<string, unknown>
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)
    ? { x, y }
    : null
}

/**
 * A peer as announced, checked field by field: presence is relayed as other tabs send it, so
 * anything unexpected is dropped rather than trusted (names are shown as text, never markup).
 */
export function peerOf(clientId: number, state: Record<string, unknown>): Peer | null {
  const user = state.user as Record<string, unknown> | undefined
  if (!user || typeof user.name !== 'string' || user.name.trim() === '') return null
  const name = user.name.trim().slice(0, maxNameLength)
  const color =
    typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : colorFor(name)
  const selected = Array.isArray(state.selectedNodes) ? state.selectedNodes : []
  return {
    clientId,
    name,
    color,
    cursor: asXY(state.cursor),
    selectedNodes: selected.filter((id): id is string => typeof id === 'string').slice(0, maxSelected),
  }
}

/** Who else is here, from the awareness protocol; a new array only when someone changed. */
export class Presence {
  private peers: Peer[] = []
  private readonly listeners = new Set<() => void>()

  constructor(readonly awareness: Awareness) {
    awareness.on('change', this.refresh)
  }

  getPeers = (): Peer[] => this.peers

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Announces this tab's person. */
  setUser(name: string): void {
    this.awareness.setLocalStateField('user', { name, color: colorFor(name) })
  }

  setCursor(cursor: XY | null): void {
    this.announce('cursor', cursor)
  }

  setSelectedNodes(nodeIds: string[]): void {
    this.announce('selectedNodes', nodeIds)
  }

  destroy(): void {
    this.awareness.off('change', this.refresh)
    this.listeners.clear()
  }

  /** Every announcement is a message to everyone: only what changed is sent. */
  private announce(field: string, value: unknown): void {
    const current = this.awareness.getLocalState()?.[field] ?? null
    if (JSON.stringify(current) === JSON.stringify(value)) return
    this.awareness.setLocalStateField(field, value)
  }

  private refresh = (): void => {
    const peers: Peer[] = []
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId === this.awareness.clientID) continue
      const peer = peerOf(clientId, state)
      if (peer) peers.push(peer)
    }
    peers.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId)
    // This tab's own pointer changes the awareness many times a second: that is no news to the
    // page, which would otherwise redraw the whole editor while someone pans or drags.
    if (JSON.stringify(peers) === JSON.stringify(this.peers)) return
    this.peers = peers
    for (const listener of this.listeners) listener()
  }
}
