import type { NodeKind } from '@conveyor/shared'
import { useReactFlow } from '@xyflow/react'
import { useMemo, useRef, useState } from 'react'
import type { XY } from '../doc/changes'
import { copySelection, pasteChange, type Clip } from '../doc/clipboard'
import { planAddNode } from '../doc/add-node'
import { checkConnection, connectionChanges, freeExits, type Connection } from '../doc/connection-rules'
import { deleteSelectionChanges } from '../doc/flow-changes'
import { nodeSize } from '../doc/geometry'
import type { Box } from '../doc/node-placement'
import type { WorkflowStore } from '../doc/workflow-store'
import { fitViewOptions, laneNamesWidth, openingView, readableZoom } from './opening-view'
import { viewGlide } from './view-motion'
import { selectOnly, type Selection } from './selection'

/** One exit of a node: a decision's branch id, or `null` for the only one. */
export interface Exit {
  nodeId: string
  handle: string | null
}

export interface EditorCommands {
  /**
   * Adds a node: after the exit given, or beside the one selected node, connected from it; else
   * where dropped or in the first free spot of the view.
   */
  addNode(kind: NodeKind, droppedAt?: XY, after?: { nodeId: string; handle: string | null }): void
  /** Adds a step after a node's exit (a decision's branch) and connects it on that exit. */
  addStepAfter(nodeId: string, handle: string | null): void
  /** Connects the one selected node to another, from its first free exit. */
  connectSelectedTo(targetId: string): void
  /** The exit being connected by name ("Connect to…" is open), if any. */
  connectingFrom: Exit | undefined
  /**
   * Opens "Connect to…" from an exit (its dot, by keyboard), else from the one selected node's
   * first free exit, or says why it cannot be connected.
   */
  openConnectTo(from?: Exit): void
  closeConnectTo(): void
  /** Makes a connection if the rules allow it, else says why not. */
  connect(connection: Connection): void
  deleteSelection(): void
  copy(): void
  paste(): void
  undo(): void
  redo(): void
  autoLayout(): Promise<void>
  fitView(): void
  /** Selects a node and centres the view on it. */
  focusNode(nodeId: string): void
  /** Selects an edge and centres the view on its middle. */
  focusEdge(edgeId: string): void
  /** The last thing a command could not do, in words (e.g. an exception with no step). */
  notice: string | undefined
  clearNotice(): void
}

/** The editing commands shared by the toolbar, the palette and the keyboard. */
export function useEditorCommands(
  store: WorkflowStore,
  selection: Selection,
  setSelection: (selection: Selection) => void,
  /** Told of each node added by a command, e.g. to put the keyboard in its name. */
  onNodeAdded: (nodeId: string) => void = () => {},
): EditorCommands {
  const flow = useReactFlow()
  const clip = useRef<Clip | undefined>(undefined)
  const [notice, setNotice] = useState<string>()
  const [connectingFrom, setConnectingFrom] = useState<Exit>()
  const selectionRef = useRef(selection)
  selectionRef.current = selection
  const onNodeAddedRef = useRef(onNodeAdded)
  onNodeAddedRef.current = onNodeAdded

  return useMemo((): EditorCommands => {
    /** The part of the diagram on screen, in flow coordinates, less what the lane names cover. */
    const visibleArea = (): Box => {
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect()
      if (!pane) return { x: 0, y: 0, width: 1200, height: 800 }
      const left = pane.left + (store.getSnapshot().lanes.length > 0 ? laneNamesWidth : 0)
      const topLeft = flow.screenToFlowPosition({ x: left, y: pane.top })
      const bottomRight = flow.screenToFlowPosition({ x: pane.right, y: pane.bottom })
      return { ...topLeft, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y }
    }
    const add = (request: Omit<Parameters<typeof planAddNode>[1], 'view' | 'selected'>) => {
      const view = visibleArea()
      const plan = planAddNode(store.getSnapshot(), {
        ...request,
        view,
        selected: [...selectionRef.current.nodes],
      })
      if (!plan.ok) return setNotice(plan.reason)
      setNotice(undefined)
      store.apply(...plan.changes)
      setSelection(selectOnly([plan.nodeId]))
      onNodeAddedRef.current(plan.nodeId)
      // Added beside a node near the edge of the screen, it would be out of sight: bring it in.
      const node = store.getSnapshot().nodes.find((entry) => entry.id === plan.nodeId)
      if (!node) return
      const size = nodeSize(node.type)
      const inside =
        node.position.x >= view.x &&
        node.position.y >= view.y &&
        node.position.x + size.width <= view.x + view.width &&
        node.position.y + size.height <= view.y + view.height
      if (!inside) {
        void flow.setCenter(node.position.x + size.width / 2, node.position.y + size.height / 2, {
          zoom: flow.getZoom(),
          duration: viewGlide(200),
        })
      }
    }
    const connect = (connection: Connection) => {
      const document = store.getSnapshot()
      const check = checkConnection(document, connection)
      if (!check.ok) return setNotice(check.reason)
      setNotice(undefined)
      store.apply(...connectionChanges(document, connection))
    }
    /** The whole diagram when it reads fitted; otherwise its start, at the smallest zoom that reads. */
    const fitView = () => {
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect()
      const diagram = store.getSnapshot()
      if (!pane) return
      const view = openingView(diagram, pane, readableZoom)
      if (view.viewport) void flow.setViewport(view.viewport, { duration: viewGlide(300) })
      else void flow.fitView({ ...fitViewOptions(diagram.nodes), duration: viewGlide(300) })
    }
    /** The one selected node, if it has a free exit; otherwise says what is missing. */
    const connectable = () => {
      const document = store.getSnapshot()
      const [sourceId, ...others] = selectionRef.current.nodes
      const source = document.nodes.find((node) => node.id === sourceId)
      if (!source || others.length > 0) return void setNotice('Select the one node to connect from first.')
      if (freeExits(document, source).length === 0)
        return void setNotice(`“${source.data.label}” has no free exit: remove one of its connections first.`)
      return source
    }
    const focusNode = (nodeId: string) => {
      const node = store.getSnapshot().nodes.find((entry) => entry.id === nodeId)
      if (!node) return
      setSelection(selectOnly([nodeId]))
      const size = nodeSize(node.type)
      void flow.setCenter(node.position.x + size.width / 2, node.position.y + size.height / 2, {
        zoom: Math.max(flow.getZoom(), 1),
        duration: viewGlide(300),
      })
    }
    return {
      notice,
      clearNotice: () => setNotice(undefined),
      addNode(kind, droppedAt, after) {
        add({ kind, ...(droppedAt ? { droppedAt } : {}), ...(after ? { after } : {}) })
      },
      addStepAfter(nodeId, handle) {
        add({ kind: 'step', after: { nodeId, handle } })
      },
      connectSelectedTo(targetId) {
        const source = connectable()
        if (!source) return
        connect({
          source: source.id,
          target: targetId,
          sourceHandle: freeExits(store.getSnapshot(), source)[0] ?? null,
        })
      },
      connectingFrom,
      openConnectTo(from) {
        if (from) {
          const document = store.getSnapshot()
          const source = document.nodes.find((node) => node.id === from.nodeId)
          if (source && freeExits(document, source).includes(from.handle)) return setConnectingFrom(from)
          return setNotice('This exit is taken: remove its connection first.')
        }
        const source = connectable()
        if (source)
          setConnectingFrom({ nodeId: source.id, handle: freeExits(store.getSnapshot(), source)[0] ?? null })
      },
      closeConnectTo: () => setConnectingFrom(undefined),
      connect,
      deleteSelection() {
        const changes = deleteSelectionChanges(selectionRef.current)
        if (changes.length === 0) return
        store.apply(...changes)
        setSelection(selectOnly([]))
      },
      copy() {
        const { nodes } = selectionRef.current
        if (nodes.size > 0) clip.current = copySelection(store.getSnapshot(), nodes)
      },
      paste() {
        if (!clip.current || clip.current.nodes.length === 0) return
        const change = pasteChange(store.getSnapshot(), clip.current)
        store.apply(change)
        clip.current = { nodes: change.nodes, edges: change.edges }
        setSelection(selectOnly(change.nodes.map((node) => node.id)))
      },
      undo: store.undo,
      redo: store.redo,
      async autoLayout() {
        const { autoLayout } = await import('../doc/auto-layout')
        const positions = await autoLayout(store.getSnapshot())
        store.apply({ type: 'moveNodes', positions })
        window.requestAnimationFrame(fitView)
      },
      fitView,
      focusNode,
      focusEdge(edgeId) {
        const document = store.getSnapshot()
        const edge = document.edges.find((entry) => entry.id === edgeId)
        const source = document.nodes.find((node) => node.id === edge?.source)
        const target = document.nodes.find((node) => node.id === edge?.target)
        if (!edge || !source || !target) return
        setSelection(selectOnly([], [edgeId]))
        void flow.setCenter(
          (source.position.x + target.position.x) / 2,
          (source.position.y + target.position.y) / 2,
          {
            zoom: Math.max(flow.getZoom(), 1),
            duration: viewGlide(300),
          },
        )
      },
    }
  }, [flow, store, setSelection, notice, connectingFrom])
}
