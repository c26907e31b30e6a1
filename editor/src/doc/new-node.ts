import type { NodeKind, WorkflowDocument, WorkflowNode } from '@conveyor/shared'
import type { XY } from './changes'
import { newNote, noteLabel } from '../kinds/note/note'
import { freshId, idsOf } from './node-ids'

const defaults: {
  [K in NodeKind]: (context: { attachTo?: string }) => Extract<WorkflowNode, { type: K }>['data']
} = {
  trigger: () => ({ label: 'New trigger', start: { kind: 'manual' }, input: { fields: [] } }),
  step: () => ({ label: 'New step', mode: 'human', human: { form: { fields: [] } } }),
  decision: () => ({
    label: 'New decision',
    decidedBy: 'rule',
    branches: [
      { id: 'yes', label: 'Yes' },
      { id: 'no', label: 'No' },
    ],
    defaultBranch: 'no',
  }),
  exception: ({ attachTo }) => ({ label: 'Handle the failure', attachedTo: attachTo ?? '', on: 'error' }),
  fork: () => ({ label: 'Split the work' }),
  join: () => ({ label: 'Wait for all' }),
  end: () => ({ label: 'Done', outcome: 'completed' }),
  note: newNote,
}

export const kindLabels: Record<NodeKind, string> = {
  trigger: 'Trigger',
  step: 'Step',
  decision: 'Decision',
  exception: 'Exception',
  fork: 'Fork (parallel work)',
  join: 'Join',
  end: 'End',
  note: noteLabel,
}

/** The step an exception dropped at `position` attaches to: the selected one, else the nearest. */
export function stepToAttachTo(
  document: WorkflowDocument,
  position: XY,
  selected: string[] = [],
): string | undefined {
  const steps = document.nodes.filter((node) => node.type === 'step')
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
  if (kind === 'exception' && !options.attachTo) {
    return {
      ok: false,
      reason: 'An exception belongs to a step: add a step first, or drag from a step’s exception handle.',
    }
  }
  const data = { ...defaults[kind](options), ...(options.lane ? { lane: options.lane } : {}) }
  const node = {
    id: freshId(kind, idsOf(document)),
    type: kind,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    data,
  }
  return { ok: true, node: node as WorkflowNode }
}
