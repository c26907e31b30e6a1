import type { WorkflowDocument, WorkflowNode } from '../model'
import { bpmnShapeSizes, toBpmn } from './bpmn-layout'
import type { BpmnIdRegistry } from './bpmn-id-registry'
import type { BpmnModdle, ModdleObject } from './moddle'

interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** Room above and below a lane's nodes, and the height of a lane with none. */
const lanePadding = 30
const emptyLaneHeight = 120
/** The pool's and the lanes' name bars at their left. */
const nameBar = 30

export function shapeOf(node: WorkflowNode): Box {
  return { x: toBpmn(node.position.x), y: toBpmn(node.position.y), ...bpmnShapeSizes[node.type] }
}

/**
 * Lane bands in the document's order, each below the one before and around its nodes, inside a
 * pool as wide as the diagram: so BPMN tools draw each node in its lane, and reading the file
 * back finds the lanes in the same order.
 */
function laneBands(document: WorkflowDocument, boxes: Map<string, Box>): { pool: Box; lanes: Box[] } {
  const all = [...boxes.values()]
  const left = Math.min(...all.map((box) => box.x)) - 2 * nameBar - 20
  const right = Math.max(...all.map((box) => box.x + box.width)) + 40
  let bottom = Math.min(...all.map((box) => box.y)) - lanePadding
  const lanes = document.lanes.map((lane) => {
    const members = document.nodes
      .filter((node) => node.data.lane === lane.id)
      .map((node) => boxes.get(node.id)!)
    if (members.length === 0) {
      const top = bottom
      bottom = top + emptyLaneHeight
      return { x: left + nameBar, y: top, width: right - left - nameBar, height: emptyLaneHeight }
    }
    const top = Math.max(bottom, Math.min(...members.map((box) => box.y - lanePadding)))
    const height = Math.max(
      emptyLaneHeight,
      Math.max(...members.map((box) => box.y + box.height + lanePadding)) - top,
    )
    bottom = top + height
    return { x: left + nameBar, y: top, width: right - left - nameBar, height }
  })
  const top = lanes[0]?.y ?? bottom
  return { pool: { x: left, y: top, width: right - left, height: bottom - top }, lanes }
}

/** Where an edge leaves its source and reaches its target: right middle to left middle. */
function waypoints(source: Box, target: Box): Array<{ x: number; y: number }> {
  return [
    { x: source.x + source.width, y: source.y + source.height / 2 },
    { x: target.x, y: target.y + target.height / 2 },
  ]
}

export interface DiagramParts {
  moddle: BpmnModdle
  ids: BpmnIdRegistry
  document: WorkflowDocument
  /** The element the plane draws: the collaboration when there are lanes, else the process. */
  planeElement: ModdleObject
  participant?: ModdleObject
  lanes: ModdleObject[]
  elements: Map<string, ModdleObject>
  flows: Array<{ flow: ModdleObject; source: string; target: string }>
}

/** BPMN DI: a shape for every node, lane and the pool, a line for every connection. */
export function exportDiagram(parts: DiagramParts): ModdleObject {
  const { moddle, ids, document, elements } = parts
  const bounds = (box: Box) => moddle.create('dc:Bounds', { ...box })
  const boxes = new Map(document.nodes.map((node) => [node.id, shapeOf(node)]))
  const shapes: ModdleObject[] = []
  const shape = (element: ModdleObject, box: Box, extra: Record<string, unknown> = {}) =>
    shapes.push(
      moddle.create('bpmndi:BPMNShape', {
        id: ids.take(`${String(element.get('id'))}_di`),
        bpmnElement: element,
        bounds: bounds(box),
        ...extra,
      }),
    )
  if (parts.participant && boxes.size > 0) {
    const { pool, lanes } = laneBands(document, boxes)
    shape(parts.participant, pool, { isHorizontal: true })
    parts.lanes.forEach((lane, index) => shape(lane, lanes[index]!, { isHorizontal: true }))
  }
  for (const node of document.nodes) {
    const element = elements.get(node.id)!
    shape(
      element,
      boxes.get(node.id)!,
      element.$type === 'bpmn:ExclusiveGateway' ? { isMarkerVisible: true } : {},
    )
  }
  for (const { flow, source, target } of parts.flows) {
    shapes.push(
      moddle.create('bpmndi:BPMNEdge', {
        id: ids.take(`${String(flow.get('id'))}_di`),
        bpmnElement: flow,
        waypoint: waypoints(boxes.get(source)!, boxes.get(target)!).map((point) =>
          moddle.create('dc:Point', point),
        ),
      }),
    )
  }
  const plane = moddle.create('bpmndi:BPMNPlane', {
    id: ids.take('BPMNPlane_1'),
    bpmnElement: parts.planeElement,
    planeElement: shapes,
  })
  return moddle.create('bpmndi:BPMNDiagram', { id: ids.take('BPMNDiagram_1'), plane })
}
