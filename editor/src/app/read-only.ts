import { createContext, useContext } from 'react'

/**
 * Whether the person may only look: viewers get every view of the workflow but no way to change
 * it (the live document drops whatever they would write).
 */
export const ReadOnlyContext = createContext(false)

export function useReadOnly(): boolean {
  return useContext(ReadOnlyContext)
}
