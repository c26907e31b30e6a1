/**
 * Where shared documents live between sessions. Updates are Yjs (v1) updates; order does not
 * matter to Yjs, so an implementation may append them and merge them later.
 */
export interface CollabPersistence {
  /**
   * The stored state of a workflow's document, or null when nothing was ever stored for it.
   * Rejects when the state cannot be read: the caller must then not serve (nor write) the
   * document, or it would replace the stored one with an empty one.
   */
  load(workflowId: string): Promise<Uint8Array | null>
  /**
   * Appends an update made by `editors` (the people whose connections made it; none for the
   * server's own changes); resolves once it is durable, with the number of updates not yet compacted.
   */
  store(workflowId: string, update: Uint8Array, editors?: readonly string[]): Promise<number>
  /** Merges everything stored for the document into one state update. */
  compact(workflowId: string): Promise<void>
  /** Deletes everything stored for the document (its workflow was deleted). */
  remove(workflowId: string): Promise<void>
}
