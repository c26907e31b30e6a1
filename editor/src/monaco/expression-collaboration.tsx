import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react'
import { useReadOnly } from '../app/read-only'
import type { Presence } from '../collab/presence'
import { usePeers } from '../collab/use-presence'
import type { WorkflowStore } from '../doc/workflow-store'
import { remoteCursorCss } from './remote-cursor-css'
import { SharedExpressions } from './shared-expressions'

export interface ExpressionCollaboration {
  expressions: SharedExpressions
  presence: Presence
}

const ExpressionCollaborationContext = createContext<ExpressionCollaboration | null>(null)

/** How expression fields are typed together here; null without a live connection. */
export function useExpressionCollaboration(): ExpressionCollaboration | null {
  return useContext(ExpressionCollaborationContext)
}

/**
 * Lets the expression fields below be typed together with everyone on the live connection, with
 * each person's cursor and selection drawn in their colour. Without a live connection the fields
 * edit the workflow on their own, as before; for a viewer they show each change as it arrives (the
 * live document would drop the texts and fixes their tab wrote).
 */
export function ExpressionCollaborationProvider({
  store,
  presence,
  children,
}: {
  store: WorkflowStore
  presence: Presence | undefined
  children: ReactNode
}) {
  const readOnly = useReadOnly()
  const value = useMemo(
    () => (presence && !readOnly ? { expressions: new SharedExpressions(store), presence } : null),
    [store, presence, readOnly],
  )
  useEffect(() => value?.expressions.start(), [value])
  return (
    <ExpressionCollaborationContext value={value}>
      {value ? <RemoteCursorStyles presence={value.presence} /> : null}
      {children}
    </ExpressionCollaborationContext>
  )
}

function RemoteCursorStyles({ presence }: { presence: Presence }) {
  const css = remoteCursorCss(usePeers(presence))
  return <style>{css}</style>
}
