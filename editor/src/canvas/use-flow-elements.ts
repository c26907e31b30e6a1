import { attachedHostOf, branchLabel, type WorkflowDocument, type WorkflowNode } from '@conveyor/shared'
import { MarkerType } from '@xyflow/react'
import { useMemo, useRef } from 'react'
import type { NodeOverlay } from '../app/extensions'
import type { XY } from '../doc/changes'
import { exceptionHandle, exitsInUse, freeExits } from '../doc/connection-rules'
import { laneGutter, nodeSize } from '../doc/geometry'
import { laneLayout, type Band } from '../doc/lane-bands'
import { editorKind } from '../kinds/registry'
import type { FlowEdge, FlowNode, LaneFlowNode, ProblemMark, WorkflowFlowNode } from './flow-types'
import { handlesOf } from './node-handles'

export interface FlowInputs {
  document: WorkflowDocument
  overlay: NodeOverlay
  nodeProblems: Map<string, ProblemMark>
  edgeProblems: Map<string, ProblemMark>
  selectedNodes: ReadonlySet<string>
  selectedEdges: ReadonlySet<string>
  /** Positions of nodes being dragged, not yet committed to the document. */
  dragging: ReadonlyMap<string, XY>
  /** Zoomed out past reading: edges drop their labels (level of detail). */
  plain: boolean
}

interface CacheEntry {
  node: WorkflowNode
  key: string
  flow: WorkflowFlowNode
}

const markKey = (mark: ProblemMark | undefined) =>
  mark ? `${mark.severity}|${mark.count}|${mark.message}` : ''

/**
 * Turns the document into React Flow nodes and edges. A node whose document entry, overlay,
 * problems, selection and position are unchanged keeps its object, so React Flow and the memoized
 * node components skip it.
 */
export function useFlowElements(inputs: FlowInputs): { nodes: FlowNode[]; edges: FlowEdge[]; bands: Band[] } {
  const cache = useRef(new Map<string, CacheEntry>())
  const { document, overlay, nodeProblems, edgeProblems, selectedNodes, selectedEdges, dragging, plain } =
    inputs

  // Nodes are drawn in their lane's band even where their stored position says otherwise.
  const lanes = useMemo(
    () => laneLayout({ lanes: document.lanes, nodes: document.nodes }),
    [document.lanes, document.nodes],
  )
  // Lane nodes keep their objects while the bands stay where they are.
  const bandsKey = JSON.stringify(lanes.bands)

  // Worked out once per document, not on every frame of a drag.
  const freeExitsById = useMemo(() => {
    const inUse = exitsInUse(document)
    return new Map(document.nodes.map((node) => [node.id, freeExits(document, node, inUse)]))
  }, [document])

  // Where nodes rest: worked out again when the document, overlay, problems or selection change.
  const placedNodes = useMemo(() => {
    const next = new Map<string, CacheEntry>()
    const nodes = document.nodes.map((node) => {
      const free = freeExitsById.get(node.id) ?? []
      const entry = overlay[node.id]
      const problem = nodeProblems.get(node.id)
      const position = lanes.moved.get(node.id) ?? node.position
      const selected = selectedNodes.has(node.id)
      const key = [
        JSON.stringify(entry ?? null),
        markKey(problem),
        selected,
        position.x,
        position.y,
        free.join('|'),
      ].join('§')
      const previous = cache.current.get(node.id)
      if (previous && previous.node === node && previous.key === key) {
        next.set(node.id, previous)
        return previous.flow
      }
      const flow: WorkflowFlowNode = {
        id: node.id,
        type: node.type,
        position,
        ...nodeSize(node.type),
        // The size is fixed, so say it is measured: React Flow then keeps the handles it measured when
        // this object is replaced (problems or selection changed) instead of forgetting them, which
        // left a node that nobody could connect to until it was resized.
        measured: nodeSize(node.type),
        handles: handlesOf(node),
        selected,
        ariaLabel: `${node.type} ${node.data.label}${editorKind(node.type).ariaDetail?.(node) ?? ''}${problem ? `, ${problem.severity}: ${problem.message}` : ''}`,
        data: {
          node,
          freeExits: free,
          ...(entry ? { overlay: entry } : {}),
          ...(problem ? { problem } : {}),
        },
      }
      next.set(node.id, { node, key, flow })
      return flow
    })
    cache.current = next
    return nodes
  }, [document, freeExitsById, lanes, overlay, nodeProblems, selectedNodes])

  // A drag frame moves only the nodes being dragged: every other node keeps its object, and the
  // frame costs no more than one pass over the list.
  const workflowNodes = useMemo(
    () =>
      dragging.size === 0
        ? placedNodes
        : placedNodes.map((flow) => {
            const position = dragging.get(flow.id)
            return position ? { ...flow, position } : flow
          }),
    [placedNodes, dragging],
  )

  // Lanes span the diagram; they change only when the bands do or the diagram grows wider.
  const right = useMemo(
    () => Math.max(1600, ...document.nodes.map((node) => node.position.x + nodeSize(node.type).width + 400)),
    [document.nodes],
  )
  const laneNodes = useMemo((): LaneFlowNode[] => {
    return lanes.bands.map((band) => ({
      id: `lane:${band.laneId}`,
      type: 'lane',
      position: { x: -laneGutter, y: band.top },
      width: right + laneGutter,
      height: band.bottom - band.top,
      zIndex: -1,
      draggable: false,
      selectable: false,
      focusable: false,
      deletable: false,
      connectable: false,
      style: { pointerEvents: 'none' },
      data: { laneId: band.laneId, width: right + laneGutter },
    }))
    // The bands are compared by `bandsKey`, not by the layout's identity, which changes with any node.
  }, [bandsKey, right])

  const edges = useMemo((): FlowEdge[] => {
    const byId = new Map(document.nodes.map((node) => [node.id, node]))
    const drawn: FlowEdge[] = document.edges.map((edge) => {
      const source = byId.get(edge.source)
      const problem = edgeProblems.get(edge.id)
      const label = (source && branchLabel(source, edge.sourceHandle)) ?? edge.data?.label
      const text = problem
        ? `${problem.severity === 'error' ? '✖' : '⚠'} ${label ? `${label}: ` : ''}${problem.message}`
        : label
      return {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        sourceHandle: edge.sourceHandle ?? null,
        targetHandle: edge.targetHandle ?? null,
        type: 'smoothstep',
        selected: selectedEdges.has(edge.id),
        markerEnd: { type: MarkerType.ArrowClosed },
        ...(text && !plain ? { label: text } : {}),
        className: problem ? `has-${problem.severity}` : undefined,
        ariaLabel: `Edge from ${source?.data.label ?? edge.source} to ${byId.get(edge.target)?.data.label ?? edge.target}${label ? ` (${label})` : ''}`,
        data: problem ? { problem } : {},
      }
    })
    const attachments: FlowEdge[] = document.nodes.flatMap((node) => {
      const host = attachedHostOf(node, byId)
      return host
        ? [
            {
              id: `attach:${node.id}`,
              source: host.id,
              sourceHandle: exceptionHandle,
              target: node.id,
              type: 'smoothstep',
              className: 'edge--attachment',
              selectable: false,
              deletable: false,
              reconnectable: false,
              focusable: false,
              // Said by name: React Flow's default names the ends by their ids.
              ariaLabel: `${node.data.label} handles failures of ${host.data.label}`,
              data: { attachment: true },
            },
          ]
        : []
    })
    return [...drawn, ...attachments]
  }, [document.nodes, document.edges, edgeProblems, selectedEdges, plain])

  return useMemo(
    () => ({ nodes: [...laneNodes, ...workflowNodes], edges, bands: lanes.bands }),
    [laneNodes, workflowNodes, edges, lanes.bands],
  )
}
