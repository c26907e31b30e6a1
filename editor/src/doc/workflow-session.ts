import type { WorkflowDocument } from '@conveyor/shared'
import { mergeDocument } from '@conveyor/shared/ydoc/merge-document'
import { IndexeddbPersistence } from 'y-indexeddb'
import { ApiError } from '../api/api-error'
import { LiveConnection, type LiveConnectionOptions } from '../collab/live-connection'
import { saveOntoStored, storedOrigin } from './save-onto-stored'
import { savedBases, unsavedMarks } from './unsaved-edits'
import { viewOnly } from './view-only-role'
import { fetchStoredWorkflow, type StoredWorkflow } from './stored-workflow'
import { createActor, type Actor } from 'xstate'
import { WorkflowStore } from './workflow-store'
import { sessionMachine, type SessionEffects } from './session-machine'

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

/**
 * One open workflow: its store, kept in IndexedDB so a reload or a lost connection loses nothing,
 * and joined to everyone editing it through the runtime's live document, which stores it. While
 * that connection is down, this tab's own edits are saved with `PUT` (debounced) instead, as the
 * revision after the one they were made on; when it comes back, they merge into the live document.
 *
 * Which of these holds is one state of `sessionMachine` (connecting, live, offline, stored copy,
 * joining, view only, closed). A `Y.Doc` filled from the stored workflow is never joined to the
 * live document: it has a history of its own, and Yjs would keep either its node maps or the live
 * ones wholesale, reverting one side's edits. So a tab with nothing to join with edits the stored
 * copy in a store of its own, and once the live document is reachable its unsaved edits are merged
 * into the live store three-way (from the stored revision they were made on), which takes over.
 */
export class WorkflowSession {
  private state: SessionState = { saveState: 'saved' }
  private readonly listeners = new Set<() => void>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private saving: Promise<void> = Promise.resolve()
  private persistence: IndexeddbPersistence | undefined
  /** The stored revision this tab's document was last in step with; a save by `PUT` needs one. */
  private base: StoredWorkflow | undefined
  private readonly actor: Actor<typeof sessionMachine>
  /** Absent where there is no WebSocket (tests in Node). */
  live: LiveConnection | undefined

  private constructor(
    readonly workflowId: string,
    /** The store joined to the live document (and kept in IndexedDB). */
    private readonly liveStore: WorkflowStore,
  ) {
    this.actor = createActor(sessionMachine, { input: { effects: this.effects(), liveStore } })
    let shown = liveStore
    this.actor.subscribe((snapshot) => {
      if (snapshot.context.store === shown) return
      shown = snapshot.context.store
      this.notify()
    })
    this.actor.start()
  }

  /** `options`: for clients outside the editor's page (see `LiveConnectionOptions`). */
  static async open(workflowId: string, options: LiveConnectionOptions = {}): Promise<WorkflowSession> {
    const session = new WorkflowSession(workflowId, new WorkflowStore())
    const { store } = session
    // Asked at once, beside joining; the page shows nothing editable before the answer, so a
    // viewer never gets a moment of edits that would vanish.
    const readOnly = viewOnly()
    if (typeof indexedDB !== 'undefined') {
      session.persistence = new IndexeddbPersistence(`conveyor:live:${workflowId}`, store.y.ydoc)
      await session.persistence.whenSynced
    }
    if (typeof WebSocket !== 'undefined' || options.WebSocketPolyfill) {
      session.live = new LiveConnection(workflowId, store.y.ydoc, store.isOwnEdit, options)
      session.live.subscribe(() => session.send({ type: session.isLive() ? 'LIVE_CONNECTED' : 'LIVE_LOST' }))
    }
    let joined = (await session.live?.whenSynced(joinTimeoutMs)) ?? false
    store.setReadOnly(await readOnly)
    if (!joined && store.readOnly && store.isEmpty() && session.live?.getState().status === 'connecting')
      joined = await session.live.whenSynced(viewerJoinTimeoutMs)
    store.onChange((origin) => {
      if (store.isOwnEdit(origin) && !session.isLive()) session.markUnsaved()
    })
    // Joined: the live document is the truth (loading over it would fight the others' edits).
    // Not yet joined: show the copy at hand (it merges on joining), else the stored document.
    joined ||= session.isLive() // perhaps while the role was asked
    const refused = session.live?.getState().status === 'unavailable'
    const nothingToJoinWith = !joined && (store.isEmpty() || refused || !session.live)
    if (nothingToJoinWith && store.readOnly) await session.showStoredCopy()
    else if (!joined && !store.readOnly && !store.isEmpty() && unsavedMarks.has(workflowId))
      session.send({ type: 'RESUME_UNSAVED' })
    else if (nothingToJoinWith) await session.editStoredCopy()
    else if (!joined && !store.readOnly) session.send({ type: 'WAIT_FOR_LIVE' })
    return session
  }

  /** The store the page shows and edits; a new one once a stored copy joins (`subscribe`). */
  get store(): WorkflowStore {
    return this.actor.getSnapshot().context.store
  }

  /** Whether the signed-in person may only look (a viewer): the store refuses every local edit. */
  get readOnly(): boolean {
    return this.store.readOnly
  }

  getState = (): SessionState => this.state

  /** Hears save states, and the switch to another `store`. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getStore = (): WorkflowStore => this.store

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

  /**
   * Resolves once the runtime has what this tab shows, or throws why not. Live, edits reach it
   * through the live document (which it stores before reading or deploying); a copy edited apart
   * is saved now, on the revision it is based on.
   */
  async storeChanges(): Promise<void> {
    await this.flush()
    const { saveState, saveError } = this.state
    if (saveState === 'error')
      throw new Error(`The workflow is not saved: ${saveError ?? 'the runtime refused it'}`)
  }

  dispose(): void {
    this.send({ type: 'DISPOSE' })
  }

  private send(event: Parameters<Actor<typeof sessionMachine>['send']>[0]): void {
    if (this.actor.getSnapshot().status === 'active') this.actor.send(event)
  }

  private get closed(): boolean {
    return this.actor.getSnapshot().status !== 'active'
  }

  /** Whether edits of the store shown are saved by `PUT` now (else they wait, or travel live). */
  private get savingByPut(): boolean {
    const snapshot = this.actor.getSnapshot()
    return snapshot.matches('offline') || snapshot.matches('storedCopy')
  }

  private effects(): SessionEffects {
    return {
      joined: () => this.joined(),
      keepBaseOfLiveDocument: () => this.keepBaseOfLiveDocument(),
      resumeUnsaved: () => {
        // This tab's unacknowledged edits win over the stored document, saved on their own base.
        this.base = savedBases.get(this.workflowId)
        this.markUnsaved()
      },
      saveUnderWay: () => {
        clearTimeout(this.timer)
        return this.saving
      },
      isLive: () => this.isLive(),
      mergeIntoLive: (copy) => {
        if (this.base) mergeDocument(this.liveStore.y, this.base.document, copy.getSnapshot(), storedOrigin)
        copy.y.ydoc.destroy()
      },
      resumeSaving: () => {
        if (this.state.saveState !== 'saved') this.markUnsaved()
      },
      close: () => {
        clearTimeout(this.timer)
        this.live?.destroy()
        void this.persistence?.destroy()
        const { store } = this
        this.liveStore.y.ydoc.destroy()
        if (store !== this.liveStore) store.y.ydoc.destroy()
      },
    }
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
    this.send({ type: 'VIEW_STORED_COPY' })
    try {
      this.store.load((await fetchStoredWorkflow(this.workflowId)).document)
    } catch (error) {
      if (this.store.isEmpty()) throw this.failedToOpen(error)
    }
  }

  /**
   * An editor who could not join: the stored document in a store of its own, saved by `PUT`, until
   * the live document is reachable (`joining`).
   */
  private async editStoredCopy(): Promise<void> {
    const { workflowId } = this
    let stored: StoredWorkflow
    try {
      stored = await fetchStoredWorkflow(workflowId)
    } catch (error) {
      // Offline with a local copy: keep editing it; it merges when the live document is back.
      if (this.store.isEmpty()) throw this.failedToOpen(error)
      return
    }
    // Joined while the stored document was on its way (even if it dropped since): the live one is
    // the truth, and the live store carries this tab's edits.
    if (!this.actor.getSnapshot().matches('connecting')) return
    unsavedMarks.clear(workflowId)
    savedBases.clear(workflowId)
    const copy = new WorkflowStore()
    copy.load(stored.document)
    copy.onChange((origin) => {
      if (copy.isOwnEdit(origin)) this.markUnsaved()
    })
    this.base = { revision: stored.revision, document: copy.getSnapshot() }
    this.send({ type: 'EDIT_STORED_COPY', copy })
  }

  private failedToOpen(error: unknown): unknown {
    this.dispose()
    return error
  }

  private isLive(): boolean {
    return this.live?.getState().status === 'connected'
  }

  /**
   * The connection dropped, or the IndexedDB copy (with no unsaved edits) could not join: saves by
   * `PUT` build on the stored revision the live document last matched (the runtime writes it into
   * the document). The document as it is now holds that revision, perhaps with live edits not
   * stored yet; those are in the live document already.
   */
  private keepBaseOfLiveDocument(): void {
    if (this.liveStore.readOnly) return
    const revision = this.liveStore.y.ydoc.getMap('stored').get('revision')
    this.base =
      typeof revision === 'number' ? { revision, document: this.liveStore.getSnapshot() } : undefined
    if (this.base) savedBases.set(this.workflowId, this.base)
    else savedBases.clear(this.workflowId)
  }

  /** Joined: the live document carries this tab's edits, nothing is left to `PUT`. */
  private joined(): void {
    clearTimeout(this.timer)
    this.base = undefined
    unsavedMarks.clear(this.workflowId)
    savedBases.clear(this.workflowId)
    if (this.state.saveState !== 'saved') this.setState({ saveState: 'saved' })
  }

  private markUnsaved(): void {
    // Only the live store's edits outlive a reload (in IndexedDB); a stored copy's do not.
    if (this.store === this.liveStore) unsavedMarks.set(this.workflowId)
    this.setState({ saveState: 'unsaved' })
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.flush(), saveDelayMs)
  }

  private setBase(base: StoredWorkflow): void {
    // Joined meanwhile: the live document needs no base (and a stale one must not be kept).
    if (this.actor.getSnapshot().matches('live')) return
    this.base = base
    if (this.store === this.liveStore) savedBases.set(this.workflowId, base)
  }

  private async save(keepalive: boolean): Promise<void> {
    // Without a base the edits wait for the live document: a save could not tell them apart
    // from what others changed since.
    if (!this.savingByPut || !this.base) return
    const { store } = this
    this.setState({ saveState: 'saving' })
    try {
      const saved = await saveOntoStored(
        this.workflowId,
        store,
        this.base,
        (base) => this.setBase(base),
        keepalive,
      )
      // Switched to, or joined, the live document meanwhile: it carries the rest.
      if (store !== this.store || !this.savingByPut) return
      this.setBase(saved)
      if (store.getSnapshot() === saved.document) {
        unsavedMarks.clear(this.workflowId)
        this.setState({ saveState: 'saved' })
      } else this.markUnsaved()
    } catch (error) {
      // The runtime is unreachable, failing, or others keep saving: try again later (what was
      // refused as invalid waits for the next edit instead).
      const retry = !(error instanceof ApiError) || error.status >= 500 || error.status === 409
      const message = error instanceof Error ? error.message : String(error)
      this.setState({ saveState: 'error', saveError: retry ? `${message}; trying again shortly` : message })
      if (retry && !this.closed) this.timer = setTimeout(() => void this.flush(), retryDelayMs)
    }
  }

  private setState(state: SessionState): void {
    this.state = state
    this.notify()
  }

  private notify(): void {
    for (const listener of this.listeners) listener()
  }
}
