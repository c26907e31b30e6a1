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
import type { XY } from '../doc/changes'
import { checkConnection, connectionChanges, exceptionHandle } from '../doc/connection-rules'
import { dropChanges } from '../doc/lane-bands'
import { nodeAt } from '../doc/node-placement'
import type { WorkflowStore } from '../doc/workflow-store'
import { CanvasActionsContext, type CanvasActions } from './canvas-actions'
import type { EditorCommands } from './editor-commands'
import type { FlowEdge, FlowNode, ProblemMark } from './flow-types'
import { nodeTypes } from './nodes/node-types'
import { LaneLabels } from './lane-labels'
import { fitViewOptions, openingView } from './opening-view'
import { paletteMime } from './palette'
import { selectOnly, withSelected, type Selection } from './selection'
import { dropConnection } from './drop-connection'
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

/** React Flow only renders the document and turns what people do into document changes. */
export function WorkflowCanvas(props: WorkflowCanvasProps) {
  const { store, document, selection, setSelection, commands } = props
  const flow = useReactFlow()
  const readOnly = useReadOnly()
  const [dragging, setDragging] = useState<ReadonlyMap<string, XY>>(new Map())
  const draggingRef = useRef<ReadonlyMap<string, XY>>(dragging)
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
      const moving = new Map<string, XY>()
      const dropped = new Map<string, XY>()
      const selects: Array<{ id: string; selected: boolean }> = []
      for (const change of changes) {
        if (change.type === 'select') selects.push(change)
        if (change.type === 'position' && change.position)
          (change.dragging ? moving : dropped).set(change.id, change.position)
      }
      if (selects.length) setSelection((current) => withSelected(current, 'nodes', selects))
      if (moving.size) {
        draggingRef.current = new Map([...draggingRef.current, ...moving])
        setDragging(draggingRef.current)
      }
      if (!changes.some((change) => change.type === 'position' && change.dragging === false)) return
      // The drag ended: commit the final positions (and lanes) as one change, one undo step.
      const final = [...draggingRef.current, ...dropped]
      draggingRef.current = new Map()
      setDragging(draggingRef.current)
      const positions = Object.fromEntries(
        final.map(([id, position]) => [id, { x: Math.round(position.x), y: Math.round(position.y) }]),
      )
      store.apply(...dropChanges(documentRef.current, positions))
    },
    [store, setSelection],
  )

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      const selects = changes.flatMap((change) =>
        change.type === 'select' && !change.id.startsWith('attach:') ? [change] : [],
      )
      if (selects.length) setSelection((current) => withSelected(current, 'edges', selects))
    },
    [setSelection],
  )

  /** The edge whose end is being dragged elsewhere: the rules judge the move without it. */
  const reconnecting = useRef<string | null>(null)
  const forRules = useCallback((): WorkflowDocument => {
    const doc = documentRef.current
    const moving = reconnecting.current
    return moving ? { ...doc, edges: doc.edges.filter((edge) => edge.id !== moving) } : doc
  }, [])
  const isValidConnection = useCallback(
    (connection: Edge | FlowConnection) => checkConnection(forRules(), connection).ok,
    [forRules],
  )
  const onConnect = useCallback(
    (connection: FlowConnection) => store.apply(...connectionChanges(documentRef.current, connection)),
    [store],
  )
  const onReconnect = useCallback(
    (edge: Edge, connection: FlowConnection) => {
      const changes = connectionChanges(forRules(), connection)
      if (changes.length > 0)
        store.apply({ type: 'deleteElements', nodeIds: [], edgeIds: [edge.id] }, ...changes)
    },
    [store, forRules],
  )

  /**
   * A line let go of anywhere on a node's box (not only on its handle) connects to that node. A
   * step's exception handle let go of on empty canvas adds an exception attached to that step.
   */
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode) return
      const point = 'changedTouches' in event ? event.changedTouches[0]! : event
      const at = flow.screenToFlowPosition({ x: point.clientX, y: point.clientY })
      const doc = documentRef.current
      const under = nodeAt(doc, at)
      if (under) {
        if (under.id !== state.fromNode.id) commands.connect(dropConnection(doc, state, under))
        return
      }
      if (state.toNode || state.fromHandle?.id !== exceptionHandle) return
      commands.addNode('exception', at, { nodeId: state.fromNode.id, handle: exceptionHandle })
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
            nodeClassName={(node) => (node.type === 'lane' ? 'minimap-lane' : 'minimap-node')}
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
