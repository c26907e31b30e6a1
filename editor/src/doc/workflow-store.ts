import {
  byOrder,
  changedOnlyComments,
  isEmptyWorkflowYDoc,
  readEdge,
  readHeader,
  readNode,
  sharedTypesOf,
  workflowYDoc,
  writeDocument,
  type WorkflowDocument,
  type WorkflowEdge,
  type WorkflowNode,
  type WorkflowYDoc,
} from '@conveyor/shared'
import * as Y from 'yjs'
import { applyChanges, localOrigin } from './apply-change'
import type { DocumentChange } from './changes'

/** Keystrokes in one field closer together than this are one undo step. */
export const typingStepMs = 500

export interface UndoHistory {
  canUndo: boolean
  canRedo: boolean
}

const sameItems = <T>(a: readonly T[], b: readonly T[]) =>
  a.length === b.length && a.every((item, index) => item === b[index])

/** Equal documents, judged cheaply: nodes and edges keep their objects while they are unchanged. */
function sameDocument(a: WorkflowDocument, b: WorkflowDocument): boolean {
  const header = ({ nodes: _nodes, edges: _edges, ...rest }: WorkflowDocument) => JSON.stringify(rest)
  return sameItems(a.nodes, b.nodes) && sameItems(a.edges, b.edges) && header(a) === header(b)
}

/**
 * The diagram's single source of truth for the page: a Y.Doc, the undo manager over this tab's
 * own edits, and an immutable snapshot of the document for React. Nodes and edges that did not
 * change keep their object identity across snapshots, so memoized node components re-render only
 * when their own data changes.
 */
export class WorkflowStore {
  readonly y: WorkflowYDoc
  readonly undoManager: Y.UndoManager
  private snapshot: WorkflowDocument
  private history: UndoHistory = { canUndo: false, canRedo: false }
  private readonly nodeCache = new Map<string, WorkflowNode>()
  private readonly edgeCache = new Map<string, WorkflowEdge>()
  private readonly listeners = new Set<() => void>()
  private readonly changeListeners = new Set<(origin: unknown) => void>()
  private viewOnly = false
  /** The undo histories of text fields being edited (`fieldUndo`): their undo and redo are own edits. */
  private readonly fieldUndoManagers = new Set<Y.UndoManager>()

  constructor(ydoc: Y.Doc = new Y.Doc()) {
    this.y = workflowYDoc(ydoc)
    this.undoManager = new Y.UndoManager(sharedTypesOf(this.y), {
      trackedOrigins: new Set([localOrigin]),
      captureTimeout: 0,
    })
    this.y.nodes.observeDeep((events) => this.forget(this.nodeCache, events))
    this.y.edges.observeDeep((events) => this.forget(this.edgeCache, events))
    this.snapshot = this.read()
    ydoc.on('afterTransaction', (transaction) => {
      // Comments share the Y.Doc but not the workflow: a new snapshot would re-check the whole diagram.
      if (transaction.changed.size === 0 || changedOnlyComments(transaction)) return
      const next = this.read()
      // A transaction may leave the document as it was (a field's shared text made on first use):
      // a new snapshot would re-check and redraw the whole diagram for nothing.
      if (!sameDocument(this.snapshot, next)) this.snapshot = next
      for (const listener of this.changeListeners) listener(transaction.origin)
      for (const listener of this.listeners) listener()
    })
    this.undoManager.on('stack-item-added', () => this.notify())
    this.undoManager.on('stack-item-popped', () => {
      // The diagram's undo or redo remade the texts it touched: a field's history would take back
      // characters that no longer exist and bring back others, so it starts again from here.
      for (const fieldUndo of this.fieldUndoManagers) fieldUndo.clear()
      this.notify()
    })
  }

  /** The current document; a new object after every change, the same one while nothing changed. */
  getSnapshot = (): WorkflowDocument => this.snapshot

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Called after every transaction that changed the document, with its origin. */
  onChange(listener: (origin: unknown) => void): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  /**
   * The one way this tab edits the diagram (canvas, inspector, keyboard, undo all end here).
   * In view-only mode nothing is applied: the live document drops a viewer's edits, so applying
   * them here would leave this tab showing a diagram nobody else has.
   */
  apply = (...changes: DocumentChange[]): void => {
    if (!this.viewOnly) applyChanges(this.y, changes)
  }

  /** Whether local edits are refused (the person may only look). */
  get readOnly(): boolean {
    return this.viewOnly
  }

  /** Refuses (or allows again) every local edit, undo and redo included. */
  setReadOnly(readOnly: boolean): void {
    this.viewOnly = readOnly
  }

  /** Whether a transaction came from this tab: an edit, or undoing or redoing one. */
  isOwnEdit = (origin: unknown): boolean =>
    origin === localOrigin ||
    origin === this.undoManager ||
    (origin instanceof Y.UndoManager && this.fieldUndoManagers.has(origin))

  /**
   * The undo history of one text field while it is edited: this tab's typing in `text` only, a
   * burst of keystrokes being one step. The diagram's history keeps the typing too; this one lets
   * Ctrl+Z in the field take back that field's typing and nothing else. `release` ends it.
   */
  fieldUndo(text: Y.Text): { undoManager: Y.UndoManager; release: () => void } {
    const undoManager = new Y.UndoManager(text, {
      trackedOrigins: new Set([localOrigin]),
      captureTimeout: typingStepMs,
    })
    this.fieldUndoManagers.add(undoManager)
    const release = () => {
      this.fieldUndoManagers.delete(undoManager)
      undoManager.destroy()
    }
    return { undoManager, release }
  }

  /** Replaces the whole document without making it undoable (loading from the server). */
  load(document: WorkflowDocument, origin: unknown = 'load'): void {
    writeDocument(this.y, document, origin)
    this.undoManager.clear()
    this.notify()
  }

  isEmpty(): boolean {
    return isEmptyWorkflowYDoc(this.y)
  }

  undo = (): void => {
    if (!this.viewOnly) this.undoManager.undo()
  }

  redo = (): void => {
    if (!this.viewOnly) this.undoManager.redo()
  }

  /** Whether undo and redo can do anything; a new object only when that changes. */
  getHistory = (): UndoHistory => this.history

  private notify(): void {
    const canUndo = this.undoManager.canUndo()
    const canRedo = this.undoManager.canRedo()
    if (canUndo === this.history.canUndo && canRedo === this.history.canRedo) return
    this.history = { canUndo, canRedo }
    for (const listener of this.listeners) listener()
  }

  private forget(cache: Map<string, unknown>, events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void {
    for (const event of events) {
      const [id] = event.path
      if (typeof id === 'string') cache.delete(id)
      else for (const key of event.changes.keys.keys()) cache.delete(key)
    }
  }

  private read(): WorkflowDocument {
    return {
      ...readHeader(this.y),
      nodes: this.cached(this.y.nodes, this.nodeCache, readNode),
      edges: this.cached(this.y.edges, this.edgeCache, readEdge),
    }
  }

  private cached<T>(
    source: Y.Map<Y.Map<unknown>>,
    cache: Map<string, T>,
    read: (id: string, map: Y.Map<unknown>) => T,
  ): T[] {
    return byOrder(source.entries()).map(([id, map]) => {
      let value = cache.get(id)
      if (!value) {
        value = read(id, map)
        cache.set(id, value)
      }
      return value
    })
  }
}
