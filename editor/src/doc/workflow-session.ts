import type { WorkflowDocument } from '@conveyor/shared'
import { IndexeddbPersistence } from 'y-indexeddb'
import { ApiError, fetchWorkflow, saveWorkflow } from './workflow-api'
import { WorkflowStore } from './workflow-store'

export type SaveState = 'saved' | 'saving' | 'unsaved' | 'error'

export interface SessionState {
  saveState: SaveState
  /** Why the last save failed, in words for the person editing. */
  saveError?: string
}

const saveDelayMs = 800
const retryDelayMs = 5_000
const unsavedKey = (id: string) => `conveyor:unsaved:${id}`
/** Whether this tab has edits the runtime has not acknowledged (survives a reload). */
const unsavedMarks = {
  has: (id: string) => globalThis.localStorage?.getItem(unsavedKey(id)) === '1',
  set: (id: string) => globalThis.localStorage?.setItem(unsavedKey(id), '1'),
  clear: (id: string) => globalThis.localStorage?.removeItem(unsavedKey(id)),
}

/**
 * One open workflow: its store, kept in IndexedDB so a reload or a lost connection loses nothing,
 * and saved to the runtime (debounced) after every change.
 */
export class WorkflowSession {
  private state: SessionState = { saveState: 'saved' }
  private readonly listeners = new Set<() => void>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private saving: Promise<void> = Promise.resolve()
  private persistence: IndexeddbPersistence | undefined
  private disposed = false

  private constructor(
    readonly workflowId: string,
    readonly store: WorkflowStore,
  ) {}

  static async open(workflowId: string): Promise<WorkflowSession> {
    const session = new WorkflowSession(workflowId, new WorkflowStore())
    if (typeof indexedDB !== 'undefined') {
      session.persistence = new IndexeddbPersistence(`conveyor:workflow:${workflowId}`, session.store.y.ydoc)
      await session.persistence.whenSynced
    }
    const hasLocalEdits = !session.store.isEmpty() && unsavedMarks.has(workflowId)
    try {
      const document = await fetchWorkflow(workflowId)
      if (!hasLocalEdits) session.store.load(document)
    } catch (error) {
      // Offline with a local copy: keep editing it; it is saved when the runtime answers again.
      if (session.store.isEmpty()) {
        session.dispose()
        throw error
      }
    }
    session.store.onChange((origin) => {
      if (origin !== 'load') session.markUnsaved()
    })
    if (hasLocalEdits) session.markUnsaved()
    return session
  }

  getState = (): SessionState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  document(): WorkflowDocument {
    return this.store.getSnapshot()
  }

  /** Saves now (used when the page is hidden, so nothing waits in a timer). */
  flush(keepalive = false): Promise<void> {
    clearTimeout(this.timer)
    if (this.state.saveState !== 'unsaved' && this.state.saveState !== 'error') return this.saving
    this.saving = this.saving.then(() => this.save(keepalive))
    return this.saving
  }

  dispose(): void {
    this.disposed = true
    clearTimeout(this.timer)
    void this.persistence?.destroy()
    this.store.y.ydoc.destroy()
  }

  private markUnsaved(): void {
    unsavedMarks.set(this.workflowId)
    this.setState({ saveState: 'unsaved' })
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.flush(), saveDelayMs)
  }

  private async save(keepalive: boolean): Promise<void> {
    if (this.disposed) return
    const sent = this.store.getSnapshot()
    this.setState({ saveState: 'saving' })
    try {
      await saveWorkflow(this.workflowId, sent, keepalive)
      if (this.store.getSnapshot() === sent) {
        unsavedMarks.clear(this.workflowId)
        this.setState({ saveState: 'saved' })
      } else this.markUnsaved()
    } catch (error) {
      // The runtime is unreachable or failing: try again later (what was refused as invalid
      // waits for the next edit instead).
      const retry = !(error instanceof ApiError) || error.status >= 500
      const message = error instanceof Error ? error.message : String(error)
      this.setState({ saveState: 'error', saveError: retry ? `${message}; trying again shortly` : message })
      if (retry && !this.disposed) this.timer = setTimeout(() => void this.flush(), retryDelayMs)
    }
  }

  private setState(state: SessionState): void {
    this.state = state
    for (const listener of this.listeners) listener()
  }
}
