import { createContext, useContext } from 'react'
import type { DocumentChange } from '../doc/changes'

/** What node components may do: emit changes. The context value never changes identity. */
export interface CanvasActions {
  apply: (...changes: DocumentChange[]) => void
  /** Adds a step after a node's exit (a decision's branch id, or `null`) and connects it there. */
  addStepAfter: (nodeId: string, handle: string | null) => void
  /** Opens "Connect to…" from a node's exit (a decision's branch id, or `null`). */
  connectFrom: (nodeId: string, handle: string | null) => void
}

export const CanvasActionsContext = createContext<CanvasActions>({
  apply: () => {},
  addStepAfter: () => {},
  connectFrom: () => {},
})

export const useCanvasActions = (): CanvasActions => useContext(CanvasActionsContext)
