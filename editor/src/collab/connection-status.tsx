import './collab.css'
import { useSyncExternalStore } from 'react'
import type { LiveConnection, LiveState } from './live-connection'

function describe(state: LiveState): string {
  const pending =
    state.pendingEdits === 0
      ? ''
      : `, ${state.pendingEdits} ${state.pendingEdits === 1 ? 'edit' : 'edits'} pending`
  switch (state.status) {
    case 'connected':
      return 'Live'
    case 'connecting':
      return `Connecting…${pending}`
    case 'offline':
      return `Offline${pending}`
    case 'reconnecting':
      return `Reconnecting…${pending}`
    case 'unavailable':
      return `Not live${state.reason ? `: ${state.reason}` : ''}`
  }
}

/** Whether this tab is in step with everyone else editing, and what waits to be sent. */
export function ConnectionStatus({ live }: { live: LiveConnection }) {
  const state = useSyncExternalStore(live.subscribe, live.getState)
  const text = describe(state)
  return (
    <span
      className={`live-status live-status--${state.status}`}
      role="status"
      aria-label={`Collaboration: ${text}`}
      data-pending-edits={state.pendingEdits}
    >
      <span className="live-status__dot" aria-hidden="true" />
      {text}
    </span>
  )
}
