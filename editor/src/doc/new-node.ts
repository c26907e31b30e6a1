import { kindSpec, type NodeKind, type WorkflowDocument, type WorkflowNode } from '@conveyor/shared'
import { editorKind } from '../kinds/registry'
import type { XY } from './changes'
import { freshId, idsOf } from './node-ids'

/** The step an exception dropped at `position` attaches to: the selected one, else the nearest. */
export function stepToAttachTo(
  document: WorkflowDocument,
  position: XY,
  selected: string[] = [],
): string | undefined {
  const steps = document.nodes.filter((node) => kindSpec(node.type).attachesExceptions)
  const chosen = steps.find((node) => selected.includes(node.id))
  if (chosen) return chosen.id
  const distance = (node: WorkflowNode) =>
    Math.hypot(node.position.x - position.x, node.position.y - position.y)
  return steps.sort((a, b) => distance(a) - distance(b))[0]?.id
}

/** A new node of the kind with sensible defaults, or a reason why it cannot be added here. */
export function createNode(
  document: WorkflowDocument,
  kind: NodeKind,
  position: XY,
  options: { lane?: string; attachTo?: string } = {},
): { ok: true; node: WorkflowNode } | { ok: false; reason: string } {
  const made = editorKind(kind)
  const refusal = made.refusal?.(options)
  if (refusal) return { ok: false, reason: refusal }
  const data = { ...made.newData(options), ...(options.lane ? { lane: options.lane } : {}) }
  const node = {
    id: freshId(kind, idsOf(document)),
    type: kind,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    data,
  }
  return { ok: true, node: node as WorkflowNode }
}
