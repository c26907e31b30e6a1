import { isDeepStrictEqual } from 'node:util'
import {
  documentOfYDoc,
  isEmptyWorkflowYDoc,
  updateDocument,
  WorkflowDocument,
  workflowYDoc,
  writeDocument,
} from '@conveyor/shared'
import * as Y from 'yjs'
import type { CollabPersistence } from '../collab'
import { ConflictError, isServiceError } from '../service/errors'
import type { ConveyorService } from '../service/types'

/** Who the stored document's history names for changes made by people editing together. */
export const collaborationActor = 'live collaboration'

/**
 * The revision of the stored workflow the live document was last in step with, kept in the live
 * document itself (a map no editor reads) so that it survives restarts with it.
 */
const storedRevision = {
  of: (ydoc: Y.Doc): number | undefined => ydoc.getMap('stored').get('revision') as number | undefined,
  set: (ydoc: Y.Doc, revision: number) => {
    if (storedRevision.of(ydoc) !== revision) ydoc.getMap('stored').set('revision', revision)
  },
}

/**
 * A live document starts from the stored workflow: the first time it is opened, and again when
 * the stored workflow was changed by other means (an API client, an editor saving while its live
 * connection was down) since the live document was last in step with it. Then only what differs
 * is changed. What this adds is stored before anyone receives it: later changes build on its
 * items, and could never be applied again after a restart without them.
 */
export function seededFromStoredWorkflows(
  persistence: CollabPersistence,
  service: ConveyorService,
): CollabPersistence {
  return {
    ...persistence,
    async load(workflowId) {
      const stored = await persistence.load(workflowId)
      let record
      try {
        record = await service.getWorkflow(workflowId)
      } catch (error) {
        if (isServiceError(error)) return stored // deleted meanwhile: nothing to start from
        throw error
      }
      const doc = new Y.Doc()
      try {
        if (stored) Y.applyUpdate(doc, stored)
        const added: Uint8Array[] = []
        doc.on('update', (update: Uint8Array) => added.push(update))
        const y = workflowYDoc(doc)
        if (!stored) writeDocument(y, record.document)
        else if (storedRevision.of(doc) !== record.revision) updateDocument(y, record.document)
        storedRevision.set(doc, record.revision)
        if (added.length === 0) return stored
        await persistence.store(workflowId, Y.mergeUpdates(added))
        return Y.encodeStateAsUpdate(doc)
      } finally {
        doc.destroy()
      }
    },
  }
}

/**
 * Keeps `GET /api/workflows/{id}` in step with the live document: after each stored batch of
 * changes, the document is read with the shared conversion and stored through the service when
 * it is a valid workflow. Drafts that do not parse, an emptied document or one naming another id
 * leave the stored document as it was. When the stored workflow was changed by other means while
 * the live document was open, it wins: the live document takes it (the live edits of that one
 * batch give way) instead of overwriting it. One write per workflow at a time; a write asked for
 * while one is running stores the latest state once it finishes.
 */
export function restViewUpdater(service: ConveyorService, log: (line: string) => void) {
  const latest = new Map<string, { document: WorkflowDocument; ydoc: Y.Doc }>()
  const running = new Map<string, Promise<void>>()

  async function store(workflowId: string, document: WorkflowDocument, ydoc: Y.Doc, retry = true) {
    try {
      await storeOnce(workflowId, document, ydoc)
    } catch (error) {
      // Saved by other means between reading and writing: that save wins, as below.
      const stale = error instanceof ConflictError && error.reason === 'stale_revision'
      if (stale && retry) return store(workflowId, document, ydoc, false)
      log(`keeping workflow ${workflowId} in step with its live document failed: ${String(error)}`)
    }
  }

  async function storeOnce(workflowId: string, document: WorkflowDocument, ydoc: Y.Doc): Promise<void> {
    const current = await service.getWorkflow(workflowId)
    if (ydoc.isDestroyed) return
    const inStep = storedRevision.of(ydoc)
    if (inStep !== undefined && inStep !== current.revision) {
      // Changed by other means while open here: the stored workflow wins, changing only what differs.
      ydoc.transact(() => {
        updateDocument(workflowYDoc(ydoc), current.document)
        storedRevision.set(ydoc, current.revision)
      })
      return
    }
    if (isDeepStrictEqual(current.document, document)) return
    const updated = await service.updateWorkflow(workflowId, document, {
      by: collaborationActor,
      expectedRevision: current.revision,
    })
    if (!ydoc.isDestroyed) ydoc.transact(() => storedRevision.set(ydoc, updated.revision))
  }

  function drain(workflowId: string): Promise<void> {
    const next = (running.get(workflowId) ?? Promise.resolve()).then(async () => {
      const next = latest.get(workflowId)
      latest.delete(workflowId)
      if (next) await store(workflowId, next.document, next.ydoc)
    })
    running.set(workflowId, next)
    void next.then(() => {
      if (running.get(workflowId) === next) running.delete(workflowId)
    })
    return next
  }

  return {
    documentChanged(workflowId: string, ydoc: Y.Doc): void {
      if (isEmptyWorkflowYDoc(workflowYDoc(ydoc))) return
      const parsed = WorkflowDocument.safeParse(documentOfYDoc(ydoc))
      if (!parsed.success || parsed.data.id !== workflowId) return
      const waiting = latest.has(workflowId)
      latest.set(workflowId, { document: parsed.data, ydoc })
      if (!waiting) void drain(workflowId)
    },
    /** Resolves once every write asked for so far is done. */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.all(running.values())
    },
  }
}
