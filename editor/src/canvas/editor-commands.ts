import type { NodeKind } from '@conveyor/shared'
import { useReactFlow } from '@xyflow/react'
import { useMemo, useRef, useState } from 'react'
import type { XY } from '../doc/changes'
import { copySelection, pasteChange, type Clip } from '../doc/clipboard'
import { createNode, stepToAttachTo } from '../doc/new-node'
import { nodeSizes } from '../doc/geometry'
import { placeNewNode } from '../doc/lane-bands'
import type { WorkflowStore } from '../doc/workflow-store'
import { selectOnly, type Selection } from './selection'

export interface EditorCommands {
  addNode(kind: NodeKind, at?: XY): void
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
): EditorCommands {
  const flow = useReactFlow()
  const clip = useRef<Clip | undefined>(undefined)
  const [notice, setNotice] = useState<string>()
  const selectionRef = useRef(selection)
  selectionRef.current = selection

  return useMemo((): EditorCommands => {
    const centre = (): XY => {
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect()
      if (!pane) return { x: 0, y: 0 }
      return flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 })
    }
    const focusNode = (nodeId: string) => {
      const node = store.getSnapshot().nodes.find((entry) => entry.id === nodeId)
      if (!node) return
      setSelection(selectOnly([nodeId]))
      const size = nodeSizes[node.type]
      void flow.setCenter(node.position.x + size.width / 2, node.position.y + size.height / 2, {
        zoom: Math.max(flow.getZoom(), 1),
        duration: 300,
      })
    }
    return {
      notice,
      clearNotice: () => setNotice(undefined),
      addNode(kind, at) {
        const document = store.getSnapshot()
        const raw = at ?? centre()
        const size = nodeSizes[kind]
        const { position, lane } = placeNewNode(document, kind, {
          x: raw.x - size.width / 2,
          y: raw.y - size.height / 2,
        })
        const attachTo =
          kind === 'exception'
            ? stepToAttachTo(document, position, [...selectionRef.current.nodes])
            : undefined
        const result = createNode(document, kind, position, {
          ...(lane ? { lane } : {}),
          ...(attachTo ? { attachTo } : {}),
        })
        if (!result.ok) return setNotice(result.reason)
        setNotice(undefined)
        store.apply({ type: 'addNode', node: result.node })
        setSelection(selectOnly([result.node.id]))
      },
      deleteSelection() {
        const { nodes, edges } = selectionRef.current
        if (nodes.size === 0 && edges.size === 0) return
        store.apply({ type: 'deleteElements', nodeIds: [...nodes], edgeIds: [...edges] })
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
        window.requestAnimationFrame(() => void flow.fitView({ duration: 300 }))
      },
      fitView: () => void flow.fitView({ duration: 300 }),
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
            duration: 300,
          },
        )
      },
    }
  }, [flow, store, setSelection, notice])
}
