import type { KindFacts } from '../editor-kind'

/**
 * A note, apart from its canvas component (`note-node.tsx`): its name, icon, size and new data.
 * Its rules (nothing connects to it; the compiler leaves it out) are in `shared/src/kinds/note`.
 */
export const noteFacts: KindFacts<'note'> = {
  label: 'Note',
  icon: '✎',
  size: { width: 200, height: 90 },
  border: 1,
  handles: () => [],
  newData: () => ({ label: 'Note' }),
}
