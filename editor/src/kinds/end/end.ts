import type { KindFacts } from '../editor-kind'

/** An end finishes the instance with an outcome: one way in, none out. */
export const endFacts: KindFacts<'end'> = {
  label: 'End',
  icon: '◉',
  size: { width: 140, height: 56 },
  border: 4,
  handles: (_node, { input }) => [input],
  newData: () => ({ label: 'Done', outcome: 'completed' }),
}
