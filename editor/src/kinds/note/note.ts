/**
 * The editor's side of a note, apart from its canvas component (`note-node.tsx`): its name, icon,
 * size and new data. Its rules (nothing connects to it; the compiler leaves it out) are in
 * `shared/src/kinds/note`.
 */
export const noteLabel = 'Note'
export const noteIcon = '✎'
export const noteSize = { width: 200, height: 90 }
/** The data of a note dropped on the diagram. */
export const newNote = () => ({ label: 'Note' })
