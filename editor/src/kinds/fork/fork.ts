import type { KindFacts } from '../editor-kind'

/** A fork starts parallel work: every outgoing edge is a branch. */
export const forkFacts: KindFacts<'fork'> = {
  label: 'Fork (parallel work)',
  icon: '⋔',
  size: { width: 48, height: 110 },
  border: 2,
  handles: (_node, { input, output }) => [input, output],
  newData: () => ({ label: 'Split the work' }),
}
