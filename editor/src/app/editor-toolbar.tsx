import type { WorkflowDocument } from '@conveyor/shared'
import { describeReadiness, isMapComplete, type Diagnostic } from '@conveyor/shared/validator/index'
import type { EditorCommands } from '../canvas/editor-commands'
import { CollaborationStatus } from '../collab/collaboration-layer'
import { useSessionState, useUndoHistory } from '../doc/use-workflow-session'
import type { WorkflowSession } from '../doc/workflow-session'
import { addLaneChange } from '../inspector/lanes-editor'
import { BpmnDownload } from './bpmn-download'
import { getToolbarItems, type EditorExtensionProps } from './extensions'
import { NodeSearch } from './node-search'
import { useReadOnly } from './read-only'
import { Link } from './router'

const saveLabels = {
  saved: 'All changes saved',
  saving: 'Saving…',
  unsaved: 'Unsaved changes',
  error: 'Not saved',
}

interface EditorToolbarProps {
  session: WorkflowSession
  document: WorkflowDocument
  diagnostics: Diagnostic[]
  commands: EditorCommands
  extensionProps: (source: string) => EditorExtensionProps
}

/** What changes the document: undo, redo, auto-layout, a new lane (not offered to viewers). */
function EditingTools({
  session,
  document,
  commands,
}: Omit<EditorToolbarProps, 'extensionProps' | 'diagnostics'>) {
  const history = useUndoHistory(session)
  return (
    <>
      <button
        type="button"
        onClick={commands.undo}
        disabled={!history.canUndo}
        aria-keyshortcuts="Control+Z"
        title="Undo (Ctrl+Z)"
      >
        Undo
      </button>
      <button
        type="button"
        onClick={commands.redo}
        disabled={!history.canRedo}
        aria-keyshortcuts="Control+Shift+Z"
        title="Redo (Ctrl+Shift+Z)"
      >
        Redo
      </button>
      <button
        type="button"
        onClick={() => commands.openConnectTo()}
        aria-keyshortcuts="Control+K"
        title="Connect the selected node to another, found by name (Ctrl+K)"
      >
        Connect to…
      </button>
      <button type="button" onClick={() => void commands.autoLayout()}>
        Auto-layout
      </button>
      <button type="button" onClick={() => session.store.apply(addLaneChange(document))}>
        Add lane
      </button>
    </>
  )
}

/**
 * Where the diagram stands (its map complete or not, what is left to set up), under its name: the
 * toolbar has no room for the whole sentence beside its tools, so it shows the short form and
 * keeps the whole one as its tooltip; the Problems tab says it in full.
 */
function Readiness({ diagnostics }: { diagnostics: Diagnostic[] }) {
  const complete = isMapComplete(diagnostics)
  return (
    <span
      className={`readiness ${complete ? 'readiness--map-complete' : 'readiness--map-problems'}`}
      role="status"
      aria-label="Readiness"
      title={describeReadiness(diagnostics)}
    >
      {describeReadiness(diagnostics, { short: true })}
    </span>
  )
}

export function EditorToolbar({
  session,
  document,
  diagnostics,
  commands,
  extensionProps,
}: EditorToolbarProps) {
  const readOnly = useReadOnly()
  const state = useSessionState(session)
  return (
    <div className="toolbar" role="toolbar" aria-label="Workflow tools">
      <Link href="/" className="toolbar__back">
        ← Workflows
      </Link>
      <div className="toolbar__heading">
        <h1 className="toolbar__title">{document.name}</h1>
        <Readiness diagnostics={diagnostics} />
      </div>
      <div className="toolbar__group">
        {readOnly ? null : <EditingTools session={session} document={document} commands={commands} />}
        <button type="button" onClick={commands.fitView}>
          Fit view
        </button>
        <BpmnDownload
          workflowId={session.workflowId}
          workflowName={document.name}
          storeChanges={() => session.storeChanges()}
        />
      </div>
      <NodeSearch document={document} onFound={commands.focusNode} />
      {readOnly ? null : (
        <span className={`save-state save-state--${state.saveState}`} role="status" title={state.saveError}>
          {saveLabels[state.saveState]}
          {state.saveState === 'error' && state.saveError ? `: ${state.saveError}` : ''}
        </span>
      )}
      {session.live ? <CollaborationStatus live={session.live} /> : null}
      <div className="toolbar__group">
        {getToolbarItems(readOnly).map((item) => (
          <item.Component key={item.id} {...extensionProps(item.id)} />
        ))}
      </div>
    </div>
  )
}
