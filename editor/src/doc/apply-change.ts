import * as Y from 'yjs'
import { edgeToY, laneToY, nextOrder, nodeToY, withoutUndefined, type WorkflowYDoc } from '@conveyor/shared'
import { newAugmentConfig } from './assistant-output'
import type { DocumentChange } from './changes'
import { fieldKeysInYDoc } from './field-keys'

/** The origin of edits made by this browser tab; the undo manager tracks only these. */
export const localOrigin = Symbol('local edit')

function setOrDelete(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (value === undefined) map.delete(key)
  else map.set(key, withoutUndefined({ value }).value)
}

function dataOf(y: WorkflowYDoc, id: string): Y.Map<unknown> | undefined {
  const data = y.nodes.get(id)?.get('data')
  return data instanceof Y.Map ? data : undefined
}

function deleteElements(y: WorkflowYDoc, nodeIds: string[], edgeIds: string[]): void {
  const doomed = new Set(nodeIds.filter((id) => y.nodes.has(id)))
  // An exception only means something attached to its step: it goes with the step.
  for (const [id, map] of y.nodes.entries()) {
    const data = map.get('data')
    if (data instanceof Y.Map && doomed.has(String(data.get('attachedTo')))) doomed.add(id)
  }
  for (const id of doomed) y.nodes.delete(id)
  const doomedEdges = new Set(edgeIds)
  for (const [id, edge] of y.edges.entries()) {
    if (doomed.has(String(edge.get('source'))) || doomed.has(String(edge.get('target')))) doomedEdges.add(id)
  }
  for (const id of doomedEdges) y.edges.delete(id)
}

function apply(y: WorkflowYDoc, change: DocumentChange): void {
  switch (change.type) {
    case 'addNode':
      y.nodes.set(change.node.id, nodeToY(change.node, nextOrder(y.nodes)))
      return
    case 'addElements': {
      let order = nextOrder(y.nodes)
      for (const node of change.nodes) y.nodes.set(node.id, nodeToY(node, order++))
      order = nextOrder(y.edges)
      for (const edge of change.edges) y.edges.set(edge.id, edgeToY(edge, order++))
      return
    }
    case 'moveNodes':
      for (const [id, position] of Object.entries(change.positions)) {
        y.nodes.get(id)?.set('position', { x: position.x, y: position.y })
      }
      return
    case 'updateNodeData': {
      const data = dataOf(y, change.id)
      if (!data) return
      for (const [key, value] of Object.entries(change.patch)) setOrDelete(data, key, value)
      return
    }
    case 'setStepMode': {
      const data = dataOf(y, change.id)
      if (!data) return
      data.set('mode', change.mode)
      // The configs of other modes stay beside it, so switching back loses nothing.
      if (change.mode === 'augment' && data.get('augment') === undefined)
        data.set('augment', newAugmentConfig(fieldKeysInYDoc(y)))
      return
    }
    case 'connect':
      y.edges.set(change.edge.id, edgeToY(change.edge, nextOrder(y.edges)))
      return
    case 'updateEdge': {
      const edge = y.edges.get(change.id)
      if (!edge) return
      setOrDelete(edge, 'data', change.label ? { label: change.label } : undefined)
      return
    }
    case 'deleteElements':
      deleteElements(y, change.nodeIds, change.edgeIds)
      return
    case 'setLane':
      for (const id of change.nodeIds) {
        const data = dataOf(y, id)
        if (data) setOrDelete(data, 'lane', change.lane)
      }
      return
    case 'addLane':
      y.lanes.set(change.lane.id, laneToY(change.lane, nextOrder(y.lanes)))
      return
    case 'updateLane': {
      const lane = y.lanes.get(change.id)
      if (!lane) return
      for (const [key, value] of Object.entries(change.patch)) setOrDelete(lane, key, value)
      return
    }
    case 'removeLane': {
      y.lanes.delete(change.id)
      for (const id of y.nodes.keys()) {
        const data = dataOf(y, id)
        if (data?.get('lane') === change.id) data.delete('lane')
      }
      return
    }
    case 'updateMeta':
      for (const [key, value] of Object.entries(change.patch)) setOrDelete(y.meta, key, value)
      return
  }
}

/** Applies changes to the Y.Doc in one transaction (so one undo step) as a local edit. */
export function applyChanges(
  y: WorkflowYDoc,
  changes: DocumentChange[],
  origin: unknown = localOrigin,
): void {
  if (changes.length === 0) return
  y.ydoc.transact(() => {
    for (const change of changes) apply(y, change)
  }, origin)
}

export function applyChange(y: WorkflowYDoc, change: DocumentChange, origin: unknown = localOrigin): void {
  applyChanges(y, [change], origin)
}
