import { isDeepStrictEqual } from 'node:util'
import {
  documentOfYDoc,
  isEmptyWorkflowYDoc,
  updateDocument,
  WorkflowDocument,
  workflowYDoc,
  writeDocument,
} from '@conveyor/shared'
import { mergeDocument } from '@conveyor/shared/ydoc/merge-document'
import * as Y from 'yjs'
import type { CollabPersistence } from '../collab'
import { ConflictError, isServiceError } from '../service/errors'
import type { ConveyorService } from '../service/types'
import type { StoredRevision, WorkflowSave } from '../service/workflow-saves'
import type { DraftBases } from './draft-bases'
import { LiveSaveWindows, liveSaveWindowMs } from './live-save-windows'

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
 * the stored workflow was saved by other means while the live document was not loaded (saves
 * made while it is loaded are merged into it as they happen, by `restViewUpdater`). An unloaded
 * live document normally equals the stored revision it is in step with, so taking the save,
 * changing only what differs, is the three-way merge. When it was left holding a draft the stored
 * workflow could not take, the base of that draft was kept on disk (`DraftBases`) and the save is
 * merged with the draft three-way. What this adds is stored before anyone receives it: later
 * changes build on its items, and could never be applied again after a restart without them.
 */
export function seededFromStoredWorkflows(
  persistence: CollabPersistence,
  service: ConveyorService,
  drafts: DraftBases,
): CollabPersistence {
  return {
    ...persistence,
    async load(workflowId) {
      const stored = await persistence.load(workflowId)
      const doc = new Y.Doc()
      try {
        if (stored) Y.applyUpdate(doc, stored)
        const added: Uint8Array[] = []
        doc.on('update', (update: Uint8Array) => added.push(update))
        let changed = false
        // Checked again after storing: a save landing meanwhile finds no loaded live document to
        // merge into, so it is taken here.
        for (;;) {
          const record = await storedWorkflow(service, workflowId)
          const draftBase = record && startFrom(doc, record, drafts.get(workflowId))
          if (added.length === 0) return changed ? Y.encodeStateAsUpdate(doc) : stored
          await persistence.store(workflowId, Y.mergeUpdates(added.splice(0)))
          changed = true
          // Only once the merged draft is stored does it build on the new revision.
          if (draftBase) drafts.set(workflowId, draftBase)
        }
      } finally {
        doc.destroy()
      }
    },
  }
}

/** The stored workflow, or undefined when it was deleted meanwhile (nothing to start from). */
async function storedWorkflow(service: ConveyorService, workflowId: string) {
  try {
    return await service.getWorkflow(workflowId)
  } catch (error) {
    if (isServiceError(error)) return undefined
    throw error
  }
}

/**
 * Brings a document being loaded in step with the stored workflow. A draft kept on disk is merged
 * with the save three-way; returns the draft's new base then.
 */
function startFrom(
  doc: Y.Doc,
  record: StoredRevision,
  draftBase: StoredRevision | undefined,
): StoredRevision | undefined {
  const y = workflowYDoc(doc)
  const inStep = storedRevision.of(doc)
  const base = inStep !== record.revision && draftBase?.revision === inStep ? draftBase : undefined
  if (inStep === undefined && isEmptyWorkflowYDoc(y)) writeDocument(y, record.document)
  else if (base) mergeDocument(y, base.document, record.document)
  else if (inStep !== record.revision) updateDocument(y, record.document)
  storedRevision.set(doc, record.revision)
  return base && { revision: record.revision, document: record.document }
}

/**
 * Keeps `GET /api/workflows/{id}` and the live document in step, both ways.
 *
 * Live → stored: after each stored batch of changes, the live document is read with the shared
 * conversion and, when it is a valid workflow, saved through the service once the batches of the
 * same people have gathered for `saveWindowMs`, in the name of those people (who the audit log then
 * names). Drafts that do not parse, an emptied document or one naming another id leave the stored
 * document as it was.
 *
 * Stored → live: a save made by other means (an API client, an editor saving while its live
 * connection was down) is merged into the loaded live document at once, three-way: what the save
 * changed since the revision the live document was last in step with is applied, and the live
 * edits made since stay wherever the save did not change the same thing (`mergeDocument` has the
 * rules). The merged result then reaches the stored workflow through the path above. The base
 * is the document the live document last stored or merged, or the one the save reports it
 * replaced; when neither is of the revision the live document is in step with, the save wins.
 * While the live document holds a draft that cannot be stored, its base is kept on disk for a
 * save made after everyone left.
 *
 * One write or merge per workflow at a time, in the order they were asked for.
 */
export function restViewUpdater(
  service: ConveyorService,
  log: (line: string) => void,
  liveDocument: (workflowId: string) => Y.Doc | undefined,
  drafts: DraftBases,
  saveWindowMs = liveSaveWindowMs,
) {
  const windows = new LiveSaveWindows(saveWindowMs, (workflowId, { document, ydoc, by }) =>
    enqueue(workflowId, () => store(workflowId, document, ydoc, by)),
  )
  const queues = new Map<string, Promise<void>>()
  /** The stored document at the revision each live document is in step with, when known. */
  const inStepDocuments = new WeakMap<Y.Doc, StoredRevision>()
  /** The revision whose document is kept as a draft's base on disk; null: none is (unknown: absent). */
  const draftBaseKept = new WeakMap<Y.Doc, number | null>()

  function rememberInStep(ydoc: Y.Doc, { revision, document }: StoredRevision): void {
    if (storedRevision.of(ydoc) === revision) inStepDocuments.set(ydoc, { revision, document })
  }

  /** Brings the live document in step with the stored workflow saved by other means. */
  function catchUp(ydoc: Y.Doc, current: StoredRevision): void {
    const inStep = storedRevision.of(ydoc)
    if (inStep === current.revision) return
    const base = inStepDocuments.get(ydoc)
    ydoc.transact(() => {
      const y = workflowYDoc(ydoc)
      if (base && base.revision === inStep) mergeDocument(y, base.document, current.document)
      else updateDocument(y, current.document)
      storedRevision.set(ydoc, current.revision)
    })
    inStepDocuments.set(ydoc, { revision: current.revision, document: current.document })
  }

  async function store(
    workflowId: string,
    document: WorkflowDocument,
    ydoc: Y.Doc,
    by: string,
    retry = true,
  ) {
    try {
      await storeOnce(workflowId, document, ydoc, by)
    } catch (error) {
      // Saved by other means between reading and writing: that save is merged in, as below.
      const stale = error instanceof ConflictError && error.reason === 'stale_revision'
      if (stale && retry) return store(workflowId, document, ydoc, by, false)
      log(`keeping workflow ${workflowId} in step with its live document failed: ${String(error)}`)
    }
  }

  async function storeOnce(workflowId: string, document: WorkflowDocument, ydoc: Y.Doc, by: string) {
    const current = await service.getWorkflow(workflowId)
    if (ydoc.isDestroyed) return
    const inStep = storedRevision.of(ydoc)
    if (inStep !== undefined && inStep !== current.revision) return catchUp(ydoc, current)
    rememberInStep(ydoc, current)
    if (isDeepStrictEqual(current.document, document)) return
    // The expected revision makes this write the next revision: its save is recognised by that.
    const revision = current.revision + 1
    ownSaves.set(workflowId, revision)
    try {
      await service.updateWorkflow(workflowId, document, { by, expectedRevision: current.revision })
    } finally {
      ownSaves.delete(workflowId)
    }
    if (ydoc.isDestroyed) return
    ydoc.transact(() => storedRevision.set(ydoc, revision))
    inStepDocuments.set(ydoc, { revision, document })
    if (draftBaseKept.get(ydoc) !== null) {
      drafts.remove(workflowId)
      draftBaseKept.set(ydoc, null)
    }
  }

  /** Keeps on disk the base a draft the stored workflow cannot take would merge with. */
  async function keepDraftBase(workflowId: string, ydoc: Y.Doc): Promise<void> {
    const inStep = storedRevision.of(ydoc)
    if (ydoc.isDestroyed || inStep === undefined || draftBaseKept.get(ydoc) === inStep) return
    let base = inStepDocuments.get(ydoc)
    if (base?.revision !== inStep) {
      const current = await service.getWorkflow(workflowId)
      // Behind the stored workflow: the save's merge is queued and keeps the base after it.
      if (ydoc.isDestroyed || current.revision !== inStep) return
      base = { revision: current.revision, document: current.document }
    }
    drafts.set(workflowId, base)
    draftBaseKept.set(ydoc, inStep)
  }

  async function mergeSave(workflowId: string, ydoc: Y.Doc): Promise<void> {
    const current = await service.getWorkflow(workflowId)
    if (!ydoc.isDestroyed) catchUp(ydoc, current)
  }

  /** The revision each workflow's live document is being saved as, while it is. */
  const ownSaves = new Map<string, number>()

  /** Runs the task after those queued for the workflow before it. */
  function enqueue(workflowId: string, task: () => Promise<void>): void {
    const next = (queues.get(workflowId) ?? Promise.resolve())
      .then(task)
      .catch((error: unknown) =>
        log(`keeping workflow ${workflowId} and its live document in step failed: ${String(error)}`),
      )
    queues.set(workflowId, next)
    void next.then(() => {
      if (queues.get(workflowId) === next) queues.delete(workflowId)
    })
  }

  return {
    /** A batch of live changes by `editors` was stored. */
    documentChanged(workflowId: string, ydoc: Y.Doc, editors: ReadonlySet<string> = new Set()): void {
      const parsed = isEmptyWorkflowYDoc(workflowYDoc(ydoc))
        ? undefined
        : WorkflowDocument.safeParse(documentOfYDoc(ydoc))
      if (!parsed?.success || parsed.data.id !== workflowId) {
        // Nothing to save (what waits is saved first); the editors are named by the next save.
        windows.close(workflowId)
        windows.gather(workflowId, ydoc, editors)
        enqueue(workflowId, () => keepDraftBase(workflowId, ydoc))
        return
      }
      windows.gather(workflowId, ydoc, editors, parsed.data)
    },
    /** Merges a save made by other means into the workflow's live document, if it is loaded. */
    workflowSaved(save: WorkflowSave): void {
      if (ownSaves.get(save.workflowId) === save.revision) return
      const ydoc = liveDocument(save.workflowId)
      if (!ydoc) return
      // What waited is queued first, so that the queue keeps the order in which things happened.
      windows.close(save.workflowId)
      // The replaced revision is the base of the merge when the live document was in step with it.
      if (save.previous) rememberInStep(ydoc, save.previous)
      enqueue(save.workflowId, () => mergeSave(save.workflowId, ydoc))
    },
    /**
     * Saves the live edits waiting for their window now, and resolves once every write and merge
     * asked for so far is done (for one workflow when given).
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
