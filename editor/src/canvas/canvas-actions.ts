import { createContext, useContext } from 'react'
import type { DocumentChange } from '../doc/changes'

/** What node components may do: emit changes. The context value never changes identity. */
export interface CanvasActions {
  apply: (...changes: DocumentChange[]) => void
}

export const CanvasActionsContext = createContext<CanvasActions>({ apply: () => {} })

export const useCanvasActions = (): CanvasActions => useContext(CanvasActionsContext)
