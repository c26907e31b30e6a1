import { kindSpec, startsFlow, type NodeKind, type WorkflowDocument } from '@conveyor/shared'
import type { DocumentChange, XY } from './changes'
import { connectionChanges, exceptionHandle, freeExits } from './connection-rules'
import { nodeSize } from './geometry'
import { placeNewNode } from './lane-bands'
import { createNode, stepToAttachTo } from './new-node'
import { firstFreeSpot, freeSpotNear, placeBeside, type Box } from './node-placement'

export interface AddNodeRequest {
  kind: NodeKind
  /** The nodes selected when it is added: one selected node is the one it follows. */
  selected: readonly string[]
  /** The part of the diagram on screen, in flow coordinates: where it goes when it follows nothing. */
  view: Box
  /** Where it was dropped (its centre), when it was dragged onto the diagram. */
  droppedAt?: XY
  /** The exit it follows, chosen on the diagram ("+" beside a node's exit). */
  after?: { nodeId: string; handle: string | null }
}

export type AddNodePlan =
  { ok: true; nodeId: string; changes: DocumentChange[] } | { ok: false; reason: string }

/**
 * Where a new node goes and what it connects to, as one set of changes (one undo step). It follows
 * the exit it was added after, or the one selected node: beside it in the flow direction, and
 * connected from it when that exit is free. Dropped, it stays where it was dropped; otherwise it
 * takes the first free spot of the view. Never on top of another node.
 */
export function planAddNode(document: WorkflowDocument, request: AddNodeRequest): AddNodePlan {
  const { kind, selected, view, droppedAt, after } = request
  const size = nodeSize(kind)
  const byId = (id: string | undefined) => document.nodes.find((node) => node.id === id)
  // A trigger starts a flow of its own, and a drop says where the node goes: neither follows
  // anything. A note goes beside what it remarks on.
  const follows =
    byId(after?.nodeId) ??
    (startsFlow(kind) || droppedAt || selected.length !== 1 ? undefined : byId(selected[0]))

  let position: XY
  let attachTo: string | undefined
  let exit: string | null | undefined
  // An exception goes to a step (attached to it), not after an exit.
  if (kindSpec(kind).entries.kind === 'attached') {
    const near = droppedAt ?? { x: view.x + view.width / 2, y: view.y + view.height / 2 }
    attachTo = stepToAttachTo(document, near, follows ? [follows.id] : [...selected])
    const step = byId(attachTo)
    position = droppedAt
      ? freeSpotNear(document, kind, { x: droppedAt.x - size.width / 2, y: droppedAt.y - size.height / 2 })
      : step
        ? placeBeside(document, kind, step, exceptionHandle)
        : firstFreeSpot(document, kind, view)
  } else if (follows) {
    exit = after ? after.handle : freeExits(document, follows)[0]
    position = placeBeside(document, kind, follows, exit ?? null)
  } else if (droppedAt) {
    position = freeSpotNear(document, kind, {
      x: droppedAt.x - size.width / 2,
      y: droppedAt.y - size.height / 2,
    })
  } else {
    position = firstFreeSpot(document, kind, view)
  }

  // Inside a lane's band it joins that lane, kept wholly inside; a spot the band's edge moved
  // it onto another node from is looked for again around there.
  let placed = placeNewNode(document, kind, position)
  if (placed.position.y !== position.y)
    placed = placeNewNode(document, kind, freeSpotNear(document, kind, placed.position))
  const { lane } = placed
  const result = createNode(document, kind, placed.position, {
    ...(lane ? { lane } : {}),
    ...(attachTo ? { attachTo } : {}),
  })
  if (!result.ok) return result
  const added: DocumentChange = { type: 'addNode', node: result.node }
  const connect =
    follows && exit !== undefined
      ? connectionChanges(
          { ...document, nodes: [...document.nodes, result.node] },
          { source: follows.id, target: result.node.id, sourceHandle: exit },
        )
      : []
  return { ok: true, nodeId: result.node.id, changes: [added, ...connect] }
}
