import type { KindSpec } from '../kind-spec'

/** Finishes the workflow with its outcome: a final state, nothing leaves it. */
export const endSpec: KindSpec<'end'> = {
  entries: { kind: 'any' },
  exits: {
    kind: 'none',
    code: 'end.has-outgoing',
    reason: 'An end finishes the workflow: nothing leaves it.',
  },
  branches: () => [],
  attachesExceptions: false,
  measured: false,
  manifest: (node) => ({
    kind: 'end',
    label: node.data.label,
    lane: node.data.lane,
    outcome: node.data.outcome,
  }),
  machine: () => ({ type: 'final' }),
  runClass: () => 'idle',
  waitingEvents: () => [],
}
