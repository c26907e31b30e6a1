import type { WorkflowDocument } from '@conveyor/shared'
import { IndexeddbPersistence } from 'y-indexeddb'
import { LiveConnection } from '../collab/live-connection'
import { fetchMe } from '../collab/who-am-i'
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
/** How long opening waits for the live document before showing the copy at hand. */
const joinTimeoutMs = 2_500
/** How much longer a viewer with no copy at hand waits for it (see `showStoredCopy`). */
const viewerJoinTimeoutMs = 10_000
const unsavedKey = (id: string) => `conveyor:unsaved:${id}`
/** Whether this tab has edits the runtime has not acknowledged (survives a reload). */
const unsavedMarks = {
  has: (id: string) => globalThis.localStorage?.getItem(unsavedKey(id)) === '1',
  set: (id: string) => globalThis.localStorage?.setItem(unsavedKey(id), '1'),
  clear: (id: string) => globalThis.localStorage?.removeItem(unsavedKey(id)),
}

const viewOnlyKey = 'conveyor:view-only'
/**
 * Whether the signed-in person may only look. The runtime's answer decides, and is remembered for
 * when it cannot be asked (offline). With no answer ever (no runtime behind the page), editing is
 * allowed: there is nobody whose edits could be refused, and offline editing must keep working.
 */
async function viewOnly(): Promise<boolean> {
  const me = await fetchMe()
  if (!me) return globalThis.localStorage?.getItem(viewOnlyKey) === '1'
  if (me.readOnly) globalThis.localStorage?.setItem(viewOnlyKey, '1')
  else globalThis.localStorage?.removeItem(viewOnlyKey)
  return me.readOnly
}

/**
 * One open workflow: its store, kept in IndexedDB so a reload or a lost connection loses nothing,
 * and joined to everyone editing it through the runtime's live document, which stores it. While
 * that connection is down, this tab's own edits are saved with `PUT` (debounced) instead; when it
 * comes back, they merge into the live document.
 */
export class WorkflowSession {
  private state: SessionState = { saveState: 'saved' }
  private readonly listeners = new Set<() => void>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private saving: Promise<void> = Promise.resolve()
  private persistence: IndexeddbPersistence | undefined
  /** Absent where the browser has no WebSocket (tests in Node). */
  live: LiveConnection | undefined
  private disposed = false

  private constructor(
    readonly workflowId: string,
    readonly store: WorkflowStore,
  ) {}

  static async open(workflowId: string): Promise<WorkflowSession> {
    const session = new WorkflowSession(workflowId, new WorkflowStore())
    const { store } = session
    // Asked at once, beside joining; the page shows nothing editable before the answer, so a
    // viewer never gets a moment of edits that would vanish.
    const readOnly = viewOnly()
    if (typeof indexedDB !== 'undefined') {
      session.persistence = new IndexeddbPersistence(`conveyor:live:${workflowId}`, store.y.ydoc)
      await session.persistence.whenSynced
    }
    if (typeof WebSocket !== 'undefined') {
      session.live = new LiveConnection(workflowId, store.y.ydoc, store.isOwnEdit)
      session.live.subscribe(() => session.onLiveState())
    }
    let joined = (await session.live?.whenSynced(joinTimeoutMs)) ?? false
    store.setReadOnly(await readOnly)
    if (!joined && store.readOnly && store.isEmpty() && session.live?.getState().status === 'connecting')
      joined = await session.live.whenSynced(viewerJoinTimeoutMs)
    // Joined: the live document is the truth (loading over it would fight the others' edits).
    // Not yet joined: show the copy at hand, else the stored document; they merge on joining.
    const refused = session.live?.getState().status === 'unavailable'
    if (!joined && (store.isEmpty() || refused || !session.live)) {
      if (store.readOnly) await session.showStoredCopy()
      await session.loadStored()
    }
    store.onChange((origin) => {
      if (store.isOwnEdit(origin) && !session.isLive()) session.markUnsaved()
    })
    if (!joined && !store.readOnly && unsavedMarks.has(workflowId) && !store.isEmpty()) session.markUnsaved()
    return session
  }

  /** Whether the signed-in person may only look (a viewer): the store refuses every local edit. */
  get readOnly(): boolean {
    return this.store.readOnly
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
    this.live?.destroy()
    void this.persistence?.destroy()
    this.store.y.ydoc.destroy()
  }

  /**
   * A viewer who could not join sees the stored workflow as it was, no longer joined nor kept in
   * IndexedDB. The runtime drops what a viewer sends, so a copy loaded here would never reach it:
   * merged with the live document later, its nodes could win over the live ones in this tab and
   * hide everyone's later edits to them.
   */
  private async showStoredCopy(): Promise<void> {
    this.live?.destroy()
    this.live = undefined
    await this.persistence?.destroy()
    this.persistence = undefined
  }

  private isLive(): boolean {
    return this.live?.getState().status === 'connected'
  }

  /** The runtime's stored document, unless this tab has edits it has not acknowledged. */
  private async loadStored(): Promise<void> {
    const hasLocalEdits = !this.readOnly && !this.store.isEmpty() && unsavedMarks.has(this.workflowId)
    try {
      const document = await fetchWorkflow(this.workflowId)
      if (!hasLocalEdits) this.store.load(document)
    } catch (error) {
      // Offline with a local copy: keep editing it; it is saved when the runtime answers again.
      if (this.store.isEmpty()) {
        this.dispose()
        throw error
      }
    }
  }

  /** Joined again: the live document carried this tab's edits, nothing is left to `PUT`. */
  private onLiveState(): void {
    if (!this.isLive() || this.disposed) return
    clearTimeout(this.timer)
    unsavedMarks.clear(this.workflowId)
    if (this.state.saveState !== 'saved') this.setState({ saveState: 'saved' })
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
