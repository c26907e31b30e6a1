import { isEmptyWorkflowYDoc, updateDocument, workflowYDoc, writeDocument } from '@conveyor/shared'
import * as Y from 'yjs'
import type { CollabPersistence, SqlCollabPersistence } from '../collab'
import { isServiceError } from '../service/errors'
import type { ConveyorService } from '../service/types'
import { storedRevision } from './stored-revision'

/**
 * A live document starts from the stored workflow the first time it is opened. Every later save
 * goes through the live document, so it is opened in step with its stored revision; one that is
 * not (its stored workflow was written without it: by an older runtime, or a save whose write
 * failed after the live document took it) takes the stored document, changing only what differs.
 * What this adds is stored before anyone receives it: later changes build on its items, and could
 * never be applied again after a restart without them. Replicas opening a document at the same
 * moment add it once (`loadDerived`): two seeds would duplicate every node.
 */
export function seededFromStoredWorkflows(
  persistence: SqlCollabPersistence,
  service: Pick<ConveyorService, 'getWorkflow'>,
): CollabPersistence {
  return {
    ...persistence,
    load: (workflowId) => persistence.loadDerived(workflowId, (stored) => seed(service, workflowId, stored)),
  }
}

/** What the live document needs from the stored workflow to be in step with it, if anything. */
async function seed(
  service: Pick<ConveyorService, 'getWorkflow'>,
  workflowId: string,
  stored: Uint8Array | null,
): Promise<Uint8Array | undefined> {
  const record = await storedWorkflow(service, workflowId)
  if (!record) return undefined
  const doc = new Y.Doc()
  try {
    if (stored) Y.applyUpdate(doc, stored)
    const added: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => added.push(update))
    const y = workflowYDoc(doc)
    const inStep = storedRevision.of(doc)
    doc.transact(() => {
      if (inStep === undefined && isEmptyWorkflowYDoc(y)) writeDocument(y, record.document)
      else if (inStep !== record.revision) updateDocument(y, record.document)
      storedRevision.set(doc, record.revision)
    })
    return added.length === 0 ? undefined : Y.mergeUpdates(added)
  } finally {
    doc.destroy()
  }
}

/** The stored workflow, or undefined when it was deleted meanwhile (nothing to start from). */
async function storedWorkflow(service: Pick<ConveyorService, 'getWorkflow'>, workflowId: string) {
  try {
    return await service.getWorkflow(workflowId)
  } catch (error) {
    if (isServiceError(error)) return undefined
    throw error
  }
}
