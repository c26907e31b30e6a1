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
const SharedTextsContext = createContext<SharedExpressions | null>(null)

/** How expression fields are typed together here; null without a live connection. */
export function useExpressionCollaboration(): ExpressionCollaboration | null {
  return useContext(ExpressionCollaborationContext)
}

/**
 * The shared texts of the workflow that plain text fields (names, descriptions, form labels) edit
 * character by character; null for a viewer. They need no live connection: offline, the texts
 * travel with the document's history and merge once it joins.
 */
export function useSharedTexts(): SharedExpressions | null {
  return useContext(SharedTextsContext)
}

/**
 * Lets the text fields below be typed together: plain fields always (for an editor), expression
 * fields with everyone on the live connection, each person's cursor and selection drawn in their
 * colour. Without a live connection the expression fields edit the workflow on their own, as
 * before; for a viewer every field shows each change as it arrives (the live document would drop
 * the texts and fixes their tab wrote).
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
  const texts = useMemo(() => (readOnly ? null : new SharedExpressions(store)), [store, readOnly])
  useEffect(() => texts?.start(), [texts])
  const value = useMemo(
    () => (texts && presence ? { expressions: texts, presence } : null),
    [texts, presence],
  )
  return (
    <SharedTextsContext value={texts}>
      <ExpressionCollaborationContext value={value}>
        {value ? <RemoteCursorStyles presence={value.presence} /> : null}
        {children}
      </ExpressionCollaborationContext>
    </SharedTextsContext>
  )
}

function RemoteCursorStyles({ presence }: { presence: Presence }) {
  const css = remoteCursorCss(usePeers(presence))
  return <style>{css}</style>
}
