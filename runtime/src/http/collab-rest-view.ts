import { isDeepStrictEqual } from 'node:util'
import {
  documentOfYDoc,
  isEmptyWorkflowYDoc,
  WorkflowDocument,
  workflowYDoc,
  writeDocument,
} from '@conveyor/shared'
import * as Y from 'yjs'
import type { CollabPersistence } from '../collab'
import { isServiceError } from '../service/errors'
import type { ConveyorService } from '../service/types'

/** Who the stored document's history names for changes made by people editing together. */
export const collaborationActor = 'live collaboration'

/**
 * A workflow opened for co-editing for the first time starts from its stored document. The seed
 * is stored before anyone receives it: later changes build on its items, and without them stored
 * those changes could never be applied again after a restart.
 */
export function seededFromStoredWorkflows(
  persistence: CollabPersistence,
  service: ConveyorService,
): CollabPersistence {
  return {
    ...persistence,
    async load(workflowId) {
      const stored = await persistence.load(workflowId)
      if (stored) return stored
      let document: WorkflowDocument
      try {
        document = (await service.getWorkflow(workflowId)).document
      } catch (error) {
        if (isServiceError(error)) return null // deleted meanwhile: nothing to start from
        throw error
      }
      const doc = new Y.Doc()
      writeDocument(workflowYDoc(doc), document)
      const seed = Y.encodeStateAsUpdate(doc)
      doc.destroy()
      await persistence.store(workflowId, seed)
      return seed
    },
  }
}

/**
 * Keeps `GET /api/workflows/{id}` in step with the live document: after each stored batch of
 * changes, the document is read with the shared conversion and stored through the service when
 * it is a valid workflow. Drafts that do not parse, an emptied document or one naming another id
 * leave the stored document as it was. One write per workflow at a time; a write asked for while
 * one is running stores the latest state once it finishes.
 */
export function restViewUpdater(service: ConveyorService, log: (line: string) => void) {
  const latest = new Map<string, WorkflowDocument>()
  const running = new Map<string, Promise<void>>()

  async function store(workflowId: string, document: WorkflowDocument): Promise<void> {
    try {
      const current = await service.getWorkflow(workflowId)
      if (isDeepStrictEqual(current.document, document)) return
      await service.updateWorkflow(workflowId, document, { by: collaborationActor })
    } catch (error) {
      log(`keeping workflow ${workflowId} in step with its live document failed: ${String(error)}`)
    }
  }

  function drain(workflowId: string): Promise<void> {
    const next = (running.get(workflowId) ?? Promise.resolve()).then(async () => {
      const document = latest.get(workflowId)
      latest.delete(workflowId)
      if (document) await store(workflowId, document)
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
      latest.set(workflowId, parsed.data)
      if (!waiting) void drain(workflowId)
    },
    /** Resolves once every write asked for so far is done. */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.all(running.values())
    },
  }
}
