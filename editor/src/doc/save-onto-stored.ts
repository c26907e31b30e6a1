import { readDocument, workflowYDoc, writeDocument, type WorkflowDocument } from '@conveyor/shared'
import { mergeDocument } from '@conveyor/shared/ydoc/merge-document'
import * as Y from 'yjs'
import {
  fetchStoredWorkflow,
  isStaleRevision,
  saveStoredWorkflow,
  type StoredWorkflow,
} from './stored-workflow'
import type { WorkflowStore } from './workflow-store'

/** The origin of others' saves merged into this tab: not this tab's edit, so never undone here. */
export const storedOrigin = Symbol('stored workflow')

/** How often a save merges a newer revision and tries again before reporting the conflict. */
const maxAttempts = 4

/**
 * Saves the store's document as the revision after `base` (the stored revision it was edited
 * from). When someone saved since, their revision is merged into the store (`takeIn`) and the
 * save is tried again on it. `rebased` hears each newer base at once, so a save that fails later
 * still merges from it next time. Resolves with the new base: the revision saved and the document
 * sent.
 */
export async function saveOntoStored(
  workflowId: string,
  store: WorkflowStore,
  base: StoredWorkflow,
  rebased: (base: StoredWorkflow) => void,
  keepalive = false,
): Promise<StoredWorkflow> {
  for (let attempt = 1; ; attempt++) {
    const document = store.getSnapshot()
    try {
      return { revision: await saveStoredWorkflow(workflowId, document, base.revision, keepalive), document }
    } catch (error) {
      if (!isStaleRevision(error) || attempt >= maxAttempts) throw error
    }
    const current = await fetchStoredWorkflow(workflowId)
    takeIn(store, base.document, current.document)
    base = current
    rebased(base)
  }
}

/**
 * Brings into the store what a newer stored revision changed since `base`, keeping this tab's
 * edits, even where both changed the same field: this tab's save comes last, and a save wins, as
 * when the runtime merges one into the live document. Their result is built apart (their revision
 * with this tab's edits merged in), then only what it changes is written to the store.
 */
function takeIn(store: WorkflowStore, base: WorkflowDocument, theirs: WorkflowDocument): void {
  const mine = store.getSnapshot()
  const result = workflowYDoc(new Y.Doc())
  writeDocument(result, theirs)
  mergeDocument(result, base, mine)
  mergeDocument(store.y, mine, readDocument(result), storedOrigin)
  result.ydoc.destroy()
}
