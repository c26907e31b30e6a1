import { nodeKinds, type NodeKind, type WorkflowDocument } from '@conveyor/shared'
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  type Connection as FlowConnection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react'
import { useCallback, useMemo, useRef, useState, type DragEvent } from 'react'
import type { NodeOverlay } from '../app/extensions'
import { useReadOnly } from '../app/read-only'
import { checkConnection, connectionChanges, exceptionHandle } from '../doc/connection-rules'
import {
  connectEnd,
  edgeSelects,
  fromNodeChanges,
  reconnectChanges,
  withoutEdge,
  type Dragging,
} from '../doc/flow-changes'
import type { WorkflowStore } from '../doc/workflow-store'
import { CanvasActionsContext, type CanvasActions } from './canvas-actions'
import type { EditorCommands } from './editor-commands'
import type { FlowEdge, FlowNode, ProblemMark } from './flow-types'
import { nodeTypes } from './nodes/node-types'
import { LaneLabels } from './lane-labels'
import { fitViewOptions, openingView } from './opening-view'
import { paletteMime } from './palette'
import { selectOnly, withSelected, type Selection } from './selection'
import { useEditorShortcuts } from './use-editor-shortcuts'
import { useFlowElements } from './use-flow-elements'
import { useEdgeLabelsHidden } from './zoom-levels'

interface WorkflowCanvasProps {
  store: WorkflowStore
  document: WorkflowDocument
  overlay: NodeOverlay
  nodeProblems: Map<string, ProblemMark>
  edgeProblems: Map<string, ProblemMark>
  selection: Selection
  setSelection: (update: (current: Selection) => Selection) => void
  commands: EditorCommands
}

const isKind = (value: string): value is NodeKind => (nodeKinds as readonly string[]).includes(value)

/** One function for the page's life: a new one each render would redraw every node of the overview. */
const minimapClassName = (node: FlowNode) => (node.type === 'lane' ? 'minimap-lane' : 'minimap-node')

/** React Flow only renders the document and turns what people do into document changes. */
export function WorkflowCanvas(props: WorkflowCanvasProps) {
  const { store, document, selection, setSelection, commands } = props
  const flow = useReactFlow()
  const readOnly = useReadOnly()
  const [dragging, setDragging] = useState<Dragging>(new Map())
  const draggingRef = useRef<Dragging>(dragging)
  const documentRef = useRef(document)
  documentRef.current = document
  const plain = useEdgeLabelsHidden()
  const { nodes, edges, bands } = useFlowElements({
    plain,
    ...props,
    selectedNodes: selection.nodes,
    selectedEdges: selection.edges,
    dragging,
  })
  const commandsRef = useRef(commands)
  commandsRef.current = commands
  const actions = useMemo(
    (): CanvasActions => ({
      apply: store.apply,
      addStepAfter: (nodeId, handle) => commandsRef.current.addStepAfter(nodeId, handle),
      connectFrom: (nodeId, handle) => commandsRef.current.openConnectTo({ nodeId, handle }),
    }),
    [store],
  )
  const wrapper = useRef<HTMLDivElement>(null)
  const fitOptions = useMemo(() => fitViewOptions(document.nodes), [document.nodes])
  const [opening] = useState(() =>
    openingView(document, { width: window.innerWidth - 520, height: window.innerHeight - 120 }),
  )

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const outcome = fromNodeChanges(documentRef.current, changes, draggingRef.current)
      if (outcome.selects.length) setSelection((current) => withSelected(current, 'nodes', outcome.selects))
      if (outcome.dragging !== draggingRef.current) {
        draggingRef.current = outcome.dragging
        setDragging(outcome.dragging)
      }
      if (outcome.changes.length > 0) store.apply(...outcome.changes)
    },
    [store, setSelection],
  )

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      const selects = edgeSelects(changes)
      if (selects.length) setSelection((current) => withSelected(current, 'edges', selects))
    },
    [setSelection],
  )

  /** The edge whose end is being dragged elsewhere: the rules judge the move without it. */
  const reconnecting = useRef<string | null>(null)
  const isValidConnection = useCallback(
    (connection: Edge | FlowConnection) =>
      checkConnection(withoutEdge(documentRef.current, reconnecting.current), connection).ok,
    [],
  )
  const onConnect = useCallback(
    (connection: FlowConnection) => store.apply(...connectionChanges(documentRef.current, connection)),
    [store],
  )
  const onReconnect = useCallback(
    (edge: Edge, connection: FlowConnection) =>
      store.apply(...reconnectChanges(documentRef.current, edge.id, connection)),
    [store],
  )

  /** A line let go of where React Flow found no handle: on a node's box, or a step's exception on empty canvas. */
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const point = 'changedTouches' in event ? event.changedTouches[0]! : event
      const at = flow.screenToFlowPosition({ x: point.clientX, y: point.clientY })
      const end = connectEnd(documentRef.current, state, at)
      if (end.type === 'connect') commands.connect(end.connection)
      if (end.type === 'addException')
        commands.addNode('exception', end.at, { nodeId: end.stepId, handle: exceptionHandle })
    },
    [flow, commands],
  )

  const onDragOver = useCallback(
    (event: DragEvent) => {
      if (readOnly || !event.dataTransfer.types.includes(paletteMime)) return
      event.preventDefault()
      event.dataTransfer.dropEffect = 'copy'
    },
    [readOnly],
  )
  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(paletteMime)
      if (!isKind(kind)) return
      event.preventDefault()
      commands.addNode(kind, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }))
    },
    [commands, flow],
  )

  useEditorShortcuts(
    commands,
    () => setSelection(() => selectOnly(documentRef.current.nodes.map((node) => node.id))),
    readOnly,
  )

  return (
    <CanvasActionsContext.Provider value={actions}>
      <div className="canvas" ref={wrapper} onDragOver={onDragOver} onDrop={onDrop}>
        <ReactFlow<FlowNode, FlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onReconnectStart={(_, edge) => (reconnecting.current = edge.id)}
          onReconnect={onReconnect}
          onReconnectEnd={() => (reconnecting.current = null)}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onPaneClick={() => setSelection(() => selectOnly([]))}
          onMoveStart={() => wrapper.current?.classList.add('is-moving')}
          onMoveEnd={() => wrapper.current?.classList.remove('is-moving')}
          deleteKeyCode={null}
          // View only: selecting, panning and zooming still work, so people can look at everything.
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          edgesReconnectable={!readOnly}
          multiSelectionKeyCode={['Meta', 'Control']}
          onlyRenderVisibleElements
          minZoom={0.05}
          maxZoom={2}
          fitView={opening.fit}
          fitViewOptions={fitOptions}
          {...(opening.viewport ? { defaultViewport: opening.viewport } : {})}
          aria-label="Workflow diagram"
        >
          <Background gap={20} />
          <LaneLabels lanes={document.lanes} bands={bands} />
          {document.nodes.length === 0 ? (
            <Panel position="top-center" className="canvas__empty">
              {readOnly
                ? 'Nothing drawn yet: what people add shows here as they draw it.'
                : 'Start with a trigger: drag it from the palette, or focus it and press Enter.'}
            </Panel>
          ) : null}
          <MiniMap
            pannable
            zoomable
            ariaLabel="Overview of the whole diagram"
            nodeClassName={minimapClassName}
          />
          <Controls
            aria-label="Zoom controls"
            position="top-right"
            showInteractive={false}
            fitViewOptions={fitOptions}
          />
        </ReactFlow>
      </div>
    </CanvasActionsContext.Provider>
  )
}
