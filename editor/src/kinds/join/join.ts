import type { KindFacts } from '../editor-kind'

/** A join waits for every branch of its fork. */
export const joinFacts: KindFacts<'join'> = {
  label: 'Join',
  icon: '⋈',
  size: { width: 48, height: 110 },
  border: 2,
  handles: (_node, { input, output }) => [input, output],
  newData: () => ({ label: 'Wait for all' }),
}
