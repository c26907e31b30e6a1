import type { CompileRules } from './kind-spec'

/** The run-time part shared by kinds the runner passes straight through (a trigger, an exception, a join). */
export const passThrough = {
  runClass: () => 'pass-through',
  waitingEvents: (_node, nodeId) => [{ type: 'STEP_DONE', nodeId }],
  machine: (node, { next }) => ({
    on: { STEP_DONE: { target: next(node.id), guard: { type: 'isNode', params: { nodeId: node.id } } } },
  }),
} satisfies Pick<CompileRules<'trigger' | 'exception' | 'join'>, 'runClass' | 'waitingEvents' | 'machine'>
