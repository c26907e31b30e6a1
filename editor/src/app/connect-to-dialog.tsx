import { branchLabel, type WorkflowDocument } from '@conveyor/shared'
import { useEffect, useId, useRef, useState } from 'react'
import { connectableTargets } from '../doc/connection-rules'
import type { EditorCommands, Exit } from '../canvas/editor-commands'
import { NodeChoices } from './node-choices'

/**
 * "Connect to…": connects the selected node to another found by name, from the keyboard. Lists
 * only the nodes it may lead to; Enter takes the first. A modal dialog: Escape closes it and the
 * keyboard goes back where it was.
 */
export function ConnectToDialog({
  document,
  from,
  commands,
}: {
  document: WorkflowDocument
  from: Exit
  commands: EditorCommands
}) {
  const dialog = useRef<HTMLDialogElement>(null)
  const [query, setQuery] = useState('')
  const headingId = useId()
  const listId = useId()
  useEffect(() => {
    const element = dialog.current
    if (element && !element.open) element.showModal()
    return () => element?.close()
  }, [])
  const source = document.nodes.find((node) => node.id === from.nodeId)
  if (!source) return null
  const exit = from.handle
  const branch = branchLabel(source, exit)
  const matches = connectableTargets(document, source.id, query)
  const choose = (targetId: string) => {
    commands.connect({ source: source.id, target: targetId, sourceHandle: exit })
    commands.closeConnectTo()
  }
  return (
    <dialog ref={dialog} className="connect-to" aria-labelledby={headingId} onClose={commands.closeConnectTo}>
      <h2 id={headingId} className="panel-heading">
        Connect {source.data.label}
        {branch ? ` (${branch})` : ''} to…
      </h2>
      <input
        type="search"
        aria-label="Name of the node to connect to"
        placeholder="Type a name…"
        value={query}
        autoFocus
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && matches[0]) choose(matches[0].id)
        }}
      />
      <NodeChoices
        id={listId}
        className="connect-to__results"
        label="Nodes it can lead to"
        nodes={matches}
        empty={`No node it can lead to ${query.trim() ? `matches “${query.trim()}”` : 'is left'}`}
        onChoose={choose}
      />
      <button type="button" onClick={commands.closeConnectTo}>
        Cancel
      </button>
    </dialog>
  )
}
