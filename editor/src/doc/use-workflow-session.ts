import { useEffect, useState, useSyncExternalStore } from 'react'
import type { WorkflowDocument } from '@conveyor/shared'
import type { UndoHistory, WorkflowStore } from './workflow-store'
import { WorkflowSession, type SessionState } from './workflow-session'

export type SessionLoad =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; session: WorkflowSession }

/** Opens the workflow for the page's lifetime; saves what is pending when the page is hidden. */
export function useWorkflowSession(workflowId: string): SessionLoad {
  const [load, setLoad] = useState<SessionLoad>({ status: 'loading' })
  useEffect(() => {
    let opened: WorkflowSession | undefined
    let cancelled = false
    const flush = () => void opened?.flush(true)
    WorkflowSession.open(workflowId).then(
      (session) => {
        if (cancelled) return session.dispose()
        opened = session
        window.addEventListener('pagehide', flush)
        setLoad({ status: 'ready', session })
      },
      (error: unknown) => {
        if (!cancelled)
          setLoad({ status: 'failed', message: error instanceof Error ? error.message : String(error) })
      },
    )
    return () => {
      cancelled = true
      window.removeEventListener('pagehide', flush)
      if (opened) {
        const session = opened
        void session.flush().finally(() => session.dispose())
      }
    }
  }, [workflowId])
  return load
}

/**
 * The store the session edits now: it changes once, when a stored copy opened without the live
 * document joins it (`WorkflowSession`). Whatever holds on to the store re-renders from scratch.
 */
export function useCurrentStore(session: WorkflowSession): WorkflowStore {
  return useSyncExternalStore(session.subscribe, session.getStore)
}

export function useDocument(session: WorkflowSession): WorkflowDocument {
  return useSyncExternalStore(session.store.subscribe, session.store.getSnapshot)
}

export function useUndoHistory(session: WorkflowSession): UndoHistory {
  return useSyncExternalStore(session.store.subscribe, session.store.getHistory)
}

export function useSessionState(session: WorkflowSession): SessionState {
  return useSyncExternalStore(session.subscribe, session.getState)
}
