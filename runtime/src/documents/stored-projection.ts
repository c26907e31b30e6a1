import { isDeepStrictEqual } from 'node:util'
import { documentOfYDoc, isEmptyWorkflowYDoc, WorkflowDocument, workflowYDoc } from '@conveyor/shared'
import { mergeDocument } from '@conveyor/shared/ydoc/merge-document'
import type * as Y from 'yjs'
import type { Collab } from '../collab'
import { ConflictError, NotFoundError } from '../service/errors'
import type { ConveyorService, WorkflowRecord } from '../service/types'
import { parseDocumentOf, staleRevision } from '../service/workflows'
import { LiveSaveWindows, liveSaveWindowMs, type LiveSave } from './live-save-windows'
import { storedRevision } from './stored-revision'

/** How `PUT /api/workflows/{id}` saves: the service's `updateWorkflow`, or through the live document. */
export type WorkflowSaver = ConveyorService['updateWorkflow']

/** The live document as a workflow of that id, or undefined while it is a draft that is not one. */
function workflowOf(workflowId: string, ydoc: Y.Doc): WorkflowDocument | undefined {
  if (isEmptyWorkflowYDoc(workflowYDoc(ydoc))) return undefined
  const parsed = WorkflowDocument.safeParse(documentOfYDoc(ydoc))
  return parsed.success && parsed.data.id === workflowId ? parsed.data : undefined
}

/**
 * The live document is the workflow; the stored workflow (`GET /api/workflows/{id}`, deploys) is
 * written from it.
 *
 * Live edits: after each stored batch, the live document is read and, when it is a valid workflow,
 * written as the next revision once the batches of the same people have gathered for
 * `saveWindowMs`, in the name of those people. Drafts that do not parse, an emptied document or one
 * naming another id leave the stored workflow as it was.
 *
 * API saves (`save`): what the saved document changes in the stored revision it replaces is applied
 * to the live document as one change (loading it when nobody has it open), so live edits the save
 * did not touch stay and everyone connected sees it at once; the saved document is then written as
 * the next revision, and live edits not stored yet follow as the revision after it.
 *
 * One write per workflow at a time, in the order they were asked for.
 */
export function storedProjection(
  service: ConveyorService,
  log: (line: string) => void,
  changeLive: Collab['change'],
  saveWindowMs = liveSaveWindowMs,
) {
  const windows = new LiveSaveWindows(saveWindowMs, (workflowId, waiting) =>
    enqueue(workflowId, () => store(workflowId, waiting)),
  )
  const queues = new Map<string, Promise<void>>()
  /** How many API saves each live document took; a document read before the last one is stale. */
  const apiSaves = new WeakMap<Y.Doc, number>()
  const readAt = new WeakMap<WorkflowDocument, number>()

  async function store(workflowId: string, waiting: LiveSave, retry = true): Promise<void> {
    try {
      await storeOnce(workflowId, waiting)
    } catch (error) {
      // Written by other means between reading and writing: read both again, once.
      const stale = error instanceof ConflictError && error.reason === 'stale_revision'
      if (stale && retry) return store(workflowId, waiting, false)
      // Deleted meanwhile: nothing left to keep in step.
      if (error instanceof NotFoundError) return
      log(`keeping workflow ${workflowId} in step with its live document failed: ${String(error)}`)
    }
  }

  async function storeOnce(workflowId: string, { document, ydoc, by, editors }: LiveSave): Promise<void> {
    // Read before an API save was applied: that save is written already, and this must not undo it.
    const latest =
      readAt.get(document) === (apiSaves.get(ydoc) ?? 0) ? document : workflowOf(workflowId, ydoc)
    const current = await service.getWorkflow(workflowId)
    if (ydoc.isDestroyed || !latest || isDeepStrictEqual(current.document, latest)) return
    const { revision } = await service.updateWorkflow(workflowId, latest, {
      by,
      ...(editors.length > 0 ? { editors } : {}),
      expectedRevision: current.revision,
    })
    if (!ydoc.isDestroyed) ydoc.transact(() => storedRevision.set(ydoc, revision))
  }

  async function save(
    workflowId: string,
    input: unknown,
    options: Parameters<WorkflowSaver>[2] = {},
  ): Promise<WorkflowRecord> {
    const current = await service.getWorkflow(workflowId)
    const saved = parseDocumentOf(workflowId, input)
    const { expectedRevision } = options
    if (expectedRevision !== undefined && expectedRevision !== current.revision)
      throw staleRevision(workflowId, current.revision, expectedRevision)
    await changeLive(workflowId, (ydoc) => {
      ydoc.transact(() => {
        mergeDocument(workflowYDoc(ydoc), current.document, saved)
        storedRevision.set(ydoc, current.revision + 1)
      })
      apiSaves.set(ydoc, (apiSaves.get(ydoc) ?? 0) + 1)
    })
    return service.updateWorkflow(workflowId, saved, { ...options, expectedRevision: current.revision })
  }

  /** Runs the task after those queued for the workflow before it; its result is the task's. */
  function inTurn<T>(workflowId: string, task: () => Promise<T>): Promise<T> {
    const result = (queues.get(workflowId) ?? Promise.resolve()).then(task)
    const next = result.then(
      () => {},
      () => {},
    )
    queues.set(workflowId, next)
    void next.then(() => {
      if (queues.get(workflowId) === next) queues.delete(workflowId)
    })
    return result
  }

  function enqueue(workflowId: string, task: () => Promise<void>): void {
    inTurn(workflowId, task).catch((error: unknown) =>
      log(`keeping workflow ${workflowId} and its live document in step failed: ${String(error)}`),
    )
  }

  return {
    /** A batch of live changes by `editors` was stored. */
    documentChanged(workflowId: string, ydoc: Y.Doc, editors: ReadonlySet<string> = new Set()): void {
      const document = workflowOf(workflowId, ydoc)
      if (!document) {
        // Nothing to save (what waits is saved first); the editors are named by the next save.
        windows.close(workflowId)
        windows.gather(workflowId, ydoc, editors)
        return
      }
      readAt.set(document, apiSaves.get(ydoc) ?? 0)
      windows.gather(workflowId, ydoc, editors, document)
    },
    /** Saves a document through the workflow's live document (`WorkflowSaver`). */
    save: (workflowId: string, input: unknown, options?: Parameters<WorkflowSaver>[2]) =>
      inTurn(workflowId, () => save(workflowId, input, options)),
    /**
     * Saves the live edits waiting for their window now, and resolves once every write asked for
     * so far is done (for one workflow when given).
     */
    async idle(workflowId?: string): Promise<void> {
      windows.close(workflowId)
      const pending = () => {
        if (workflowId === undefined) return [...queues.values()]
        const queue = queues.get(workflowId)
        return queue ? [queue] : []
      }
      for (let waiting = pending(); waiting.length > 0; waiting = pending()) await Promise.all(waiting)
    },
  }
}
