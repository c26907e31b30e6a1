import { migrate, type WorkflowDocument } from '@conveyor/shared'
import { ApiError } from '../api/api-error'
import { api } from '../api/client'

/** A stored revision of a workflow: what `GET` answers and a save creates. */
export interface StoredWorkflow {
  revision: number
  document: WorkflowDocument
}

/** The revision the runtime names in a workflow record (`GET` and `PUT` answer one). */
function revisionOf(record: { revision?: unknown }, what: string): number {
  if (typeof record.revision !== 'number')
    throw new ApiError(what, 502, 'http_error', 'the runtime named no revision')
  return record.revision
}

/** The stored workflow, brought up to the current format; one the editor cannot read is refused. */
export async function fetchStoredWorkflow(id: string): Promise<StoredWorkflow> {
  const record = await api.getWorkflow(id)
  const what = `Opening workflow "${id}"`
  const migrated = migrate(record.document)
  if (!migrated.ok) throw new ApiError(what, 422, 'invalid_document', migrated.message)
  return { revision: revisionOf(record, what), document: migrated.document as WorkflowDocument }
}

/**
 * Saves the document as the revision after `expectedRevision` (the one it was edited from) and
 * resolves with the new revision; the runtime refuses it (`isStaleRevision`) when someone saved
 * since, instead of replacing their work.
 */
export async function saveStoredWorkflow(
  id: string,
  document: WorkflowDocument,
  expectedRevision: number,
  keepalive = false,
): Promise<number> {
  const record = await api.saveWorkflow(id, document, expectedRevision, keepalive)
  return revisionOf(record, `Saving workflow "${id}"`)
}

/** Whether a save was refused because someone saved another revision since the one it was based on. */
export const isStaleRevision = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 409 && error.code === 'stale_revision'
