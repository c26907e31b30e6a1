import '@xyflow/react/dist/style.css'
import '../styles/editor-layout.css'
import '../styles/canvas.css'
import '../styles/panels.css'
import './view-only.css'
import { isMapComplete, isReadyToRun } from '@conveyor/shared/validator/index'
import { ReactFlowProvider } from '@xyflow/react'
import { lazy, Suspense, useCallback, useMemo, useState, type Dispatch, type SetStateAction } from 'react'
import { Palette } from '../canvas/palette'
import { useEditorCommands } from '../canvas/editor-commands'
import { emptySelection, type Selection } from '../canvas/selection'
import { WorkflowCanvas } from '../canvas/workflow-canvas'
import { ProblemsPanel } from '../check/problems-panel'
import { CollaborationLayer } from '../collab/collaboration-layer'
import { useDiagnostics } from '../check/use-diagnostics'
import { useCurrentStore, useDocument, useWorkflowSession } from '../doc/use-workflow-session'
import type { WorkflowSession } from '../doc/workflow-session'
import { Inspector } from '../inspector/inspector'
import { ExpressionCollaborationProvider } from '../monaco/expression-collaboration'
import { ConnectToDialog } from './connect-to-dialog'
import { EditorToolbar } from './editor-toolbar'
import { useFocusNameField } from './focus-name-field'
import { getPanelTabs, type EditorExtensionProps } from './extensions'
import { useOverlayLayers } from './overlay-layers'
import { ReadOnlyContext, useReadOnly } from './read-only'
import { useSecretNames } from '../api/use-secret-names'
import { Link } from './router'
import { Tabs, type TabDefinition } from './tabs'
import { ViewOnlyBanner } from './view-only-banner'
// The editor's toolbar items and side-panel tabs beyond its own: loaded with the editor, not the gallery.
import '../comments/register-comments'
import '../run/register-extensions'

const CompiledView = lazy(() =>
  import('../check/compiled-view').then((module) => ({ default: module.CompiledView })),
)
const SimulatePanel = lazy(() =>
  import('../check/simulate-panel').then((module) => ({ default: module.SimulatePanel })),
)
const SummaryPanel = lazy(() =>
  import('../check/summary-panel').then((module) => ({ default: module.SummaryPanel })),
)

export function EditorPage({ workflowId }: { workflowId: string }) {
  const load = useWorkflowSession(workflowId)
  if (load.status === 'loading')
    return (
      <p className="page" role="status">
        Opening workflow {workflowId}…
      </p>
    )
  if (load.status === 'failed') {
    return (
      <main className="page">
        <h1>Could not open this workflow</h1>
        <p role="alert">{load.message}</p>
        <Link href="/">Back to the workflows</Link>
      </main>
    )
  }
  // The session knows the role before it is ready (see `WorkflowSession.open`), so nothing
  // editable is ever shown to a viewer, not even for a moment.
  return (
    <ReadOnlyContext.Provider value={load.session.readOnly}>
      <ReactFlowProvider>
        <CurrentStoreEditor session={load.session} />
      </ReactFlowProvider>
    </ReadOnlyContext.Provider>
  )
}

/**
 * Starts the editor afresh on the session's new store (a stored copy that joined the live one),
 * keeping what the person was looking at: the selection and the open tab.
 */
function CurrentStoreEditor({ session }: { session: WorkflowSession }) {
  const store = useCurrentStore(session)
  const view: ViewState = { selection: useState<Selection>(emptySelection), tab: useState('inspect') }
  return <WorkflowEditor key={store.y.ydoc.guid} session={session} view={view} />
}

interface ViewState {
  selection: [Selection, Dispatch<SetStateAction<Selection>>]
  tab: [string, Dispatch<SetStateAction<string>>]
}

const loading = <p role="status">Loading…</p>

function WorkflowEditor({ session, view }: { session: WorkflowSession; view: ViewState }) {
  const document = useDocument(session)
  const readOnly = useReadOnly()
  const { store, workflowId } = session
  const [selection, setSelectionState] = view.selection
  const setSelection = useCallback((next: Selection) => setSelectionState(next), [])
  const updateSelection = useCallback(
    (update: (current: Selection) => Selection) => setSelectionState(update),
    [],
  )
  const [tab, setTab] = view.tab
  // A node just added is named next: its Name field in the inspector takes the keyboard.
  const [naming, setNaming] = useState<string>()
  const onNodeAdded = useCallback((nodeId: string) => {
    setTab('inspect')
    setNaming(nodeId)
  }, [])
  useFocusNameField(naming, () => setNaming(undefined))
  const commands = useEditorCommands(store, selection, setSelection, onNodeAdded)
  const { overlay, layerSetter } = useOverlayLayers()
  const storedSecrets = useSecretNames()
  const { diagnostics, nodeProblems, edgeProblems } = useDiagnostics(document, storedSecrets)

  const extensionProps = useCallback(
    (source: string): EditorExtensionProps => ({
      workflowId,
      doc: document,
      ydoc: store.y.ydoc,
      selectedNodeIds: selection.nodes,
      setOverlay: layerSetter(source),
      focusNode: commands.focusNode,
      storeChanges: () => session.storeChanges(),
    }),
    [workflowId, document, store, selection.nodes, layerSetter, commands.focusNode, session],
  )

  const mapComplete = isMapComplete(diagnostics)
  const readyToRun = isReadyToRun(diagnostics)
  const tabs = useMemo((): TabDefinition[] => {
    const builtIn: TabDefinition[] = [
      {
        id: 'inspect',
        title: 'Inspect',
        render: () => (
          <Inspector workflowId={workflowId} store={store} document={document} selection={selection} />
        ),
      },
      {
        id: 'problems',
        title: `Problems (${diagnostics.length})`,
        render: () => (
          <ProblemsPanel
            diagnostics={diagnostics}
            focusNode={commands.focusNode}
            focusEdge={commands.focusEdge}
          />
        ),
      },
      {
        id: 'compiled',
        title: 'Compiled',
        render: () => (
          <Suspense fallback={loading}>
            <CompiledView workflowId={workflowId} document={document} blocked={!readyToRun} />
          </Suspense>
        ),
      },
      {
        id: 'simulate',
        title: 'Simulate',
        render: () => (
          <Suspense fallback={loading}>
            <SimulatePanel
              document={document}
              blocked={!mapComplete}
              setOverlay={layerSetter('simulate')}
              focusNode={commands.focusNode}
            />
          </Suspense>
        ),
      },
      {
        id: 'summary',
        title: 'Summary',
        render: () => (
          <Suspense fallback={loading}>
            <SummaryPanel document={document} focusNode={commands.focusNode} />
          </Suspense>
        ),
      },
    ]
    const extra = getPanelTabs().map((extension): TabDefinition => ({
      id: `x-${extension.id}`,
      title: extension.title,
      render: () => <extension.Component {...extensionProps(extension.id)} />,
    }))
    return [...builtIn, ...extra]
  }, [
    store,
    document,
    selection,
    diagnostics,
    mapComplete,
    readyToRun,
    commands,
    workflowId,
    layerSetter,
    extensionProps,
  ])

  return (
    <div className="editor">
      {/* Landmarks: the tools and notices are the banner, the diagram is the main part, and the
          details panel sits beside it, so every part of the page can be reached by landmark. */}
      <header>
        <EditorToolbar
          session={session}
          document={document}
          diagnostics={diagnostics}
          commands={commands}
          extensionProps={extensionProps}
        />
        {commands.notice ? (
          <div className="notice" role="alert">
            {commands.notice}{' '}
            <button type="button" onClick={commands.clearNotice}>
              Dismiss
            </button>
          </div>
        ) : null}
        {commands.connectingFrom && !readOnly ? (
          <ConnectToDialog document={document} from={commands.connectingFrom} commands={commands} />
        ) : null}
        {readOnly ? <ViewOnlyBanner live={session.live !== undefined} /> : null}
      </header>
      <div className="editor__body">
        <main className={readOnly ? 'editor__main editor__main--view-only' : 'editor__main'}>
          {readOnly ? null : <Palette onAdd={(kind) => commands.addNode(kind)} />}
          <WorkflowCanvas
            store={store}
            document={document}
            overlay={overlay}
            nodeProblems={nodeProblems}
            edgeProblems={edgeProblems}
            selection={selection}
            setSelection={updateSelection}
            commands={commands}
          />
          {session.live ? (
            <CollaborationLayer
              live={session.live}
              selectedNodes={selection.nodes}
              setOverlay={layerSetter('presence')}
            />
          ) : null}
        </main>
        <aside className="side-panel" aria-label="Details">
          <ExpressionCollaborationProvider store={store} presence={session.live?.presence}>
            <Tabs label="Details" tabs={tabs} selected={tab} onSelect={setTab} />
          </ExpressionCollaborationProvider>
        </aside>
      </div>
    </div>
  )
}
