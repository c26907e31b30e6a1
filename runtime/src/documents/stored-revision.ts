import type * as Y from 'yjs'

/**
 * The revision of the stored workflow the live document was last written as, kept in the live
 * document itself (a map no editor writes) so that it survives restarts with it. A live document
 * opened behind its stored workflow (written while it was not, by an older runtime) takes the
 * stored one.
 */
export const storedRevision = {
  of: (ydoc: Y.Doc): number | undefined => ydoc.getMap('stored').get('revision') as number | undefined,
  set: (ydoc: Y.Doc, revision: number) => {
    if (storedRevision.of(ydoc) !== revision) ydoc.getMap('stored').set('revision', revision)
  },
}
