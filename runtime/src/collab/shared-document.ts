import { applyAwarenessUpdate, Awareness, removeAwarenessStates } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { signCommentsByConnection } from './comment-authors'
import type { CollabPersistence } from './persistence'
import { encodeAwareness, encodeSyncStep1, encodeUpdate } from './protocol'

/** What a shared document needs from a connection: somewhere to send bytes, and whose they are. */
export interface Peer {
  send(message: Uint8Array): void
  /** The person whose token opened the connection. */
  readonly person: string
  /** Awareness client ids this peer has announced; removed when it leaves. */
  readonly awarenessIds: Set<number>
}

export interface SharedDocumentOptions {
  persistence: CollabPersistence
  /** Longest time an applied update waits before it is stored. */
  storeDelayMs: number
  /** Compact once this many updates are stored on top of the last snapshot. */
  compactAfterUpdates: number
  /**
   * After each batch stored here, with the people whose connections made its changes, and after
   * each change another replica stored is applied here (with the people it names).
   */
  onStored: (doc: Y.Doc, editors: ReadonlySet<string>) => void
  onError: (error: unknown, during: 'load' | 'store' | 'compact') => void
  /**
   * Presence that changed here this turn (announced or cleared by this server's connections), for
   * other replicas serving the same document.
   */
  onPresence?: (clientIds: number[]) => void
}

/** Marks the transaction that fills the document from storage: neither stored again nor broadcast. */
const fromStorage = Symbol('from storage')
/**
 * Marks what another replica relayed: stored there already, so passed on to this replica's
 * connections only (neither stored nor relayed again).
 */
const fromReplica = Symbol('from another replica')
/** The origin y-protocols gives presence it drops as outdated: every replica drops it by itself. */
const outdated = 'timeout'

/**
 * One workflow's live document: the Y.Doc and awareness every connection to it shares, the
 * fan-out of changes to the other connections, and the batched writes to storage.
 */
export class SharedDocument {
  readonly doc = new Y.Doc()
  readonly awareness = new Awareness(this.doc)
  readonly peers = new Set<Peer>()
  /** Resolves once the stored state is applied; rejects when it could not be read. */
  readonly ready: Promise<void>
  /** True once the stored state is applied. */
  loaded = false
  private pending: Uint8Array[] = []
  /** The people whose changes are in `pending`. */
  private pendingEditors = new Set<string>()
  private outgoing: Array<{ update: Uint8Array; origin: unknown }> = []
  private presenceChanged = new Set<number>()
  /** Presence changed by this server's connections this turn, told to `onPresence`. */
  private presenceChangedHere = new Set<number>()
  private broadcastScheduled: NodeJS.Immediate | undefined
  private storeTimer: NodeJS.Timeout | undefined
  private storing: Promise<void> = Promise.resolve()
  private destroyed = false

  constructor(
    readonly workflowId: string,
    private readonly options: SharedDocumentOptions,
  ) {
    // The server holds no presence of its own.
    this.awareness.setLocalState(null)
    signCommentsByConnection(this.doc, (origin) =>
      this.peers.has(origin as Peer) ? (origin as Peer).person : undefined,
    )
    this.ready = this.load()
    this.ready.catch(() => {}) // observed by whoever awaits it; avoids an unhandled rejection meanwhile
  }

  private async load(): Promise<void> {
    try {
      const state = await this.options.persistence.load(this.workflowId)
      if (state) {
        // Validated before applying: a truncated state would be applied halfway.
        Y.decodeUpdate(state)
        Y.applyUpdate(this.doc, state, fromStorage)
      }
    } catch (error) {
      this.options.onError(error, 'load')
      throw error
    }
    this.loaded = true
    // Only a document that loaded completely ever writes.
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin))
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) =>
      this.onAwarenessUpdate(change, origin),
    )
  }

  private onUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === fromStorage || this.destroyed) return
    this.outgoing.push({ update, origin })
    this.scheduleBroadcast()
    if (origin === fromReplica) return
    this.pending.push(update)
    if (this.peers.has(origin as Peer)) this.pendingEditors.add((origin as Peer).person)
    this.scheduleStore()
  }

  private scheduleBroadcast(): void {
    this.broadcastScheduled ??= setImmediate(() => {
      this.broadcastScheduled = undefined
      this.broadcastUpdates()
      this.broadcastPresence()
    })
  }

  /**
   * Sends the updates applied during this turn of the event loop as one message: in a busy room
   * many arrive at once, and merging them divides the messages every client must handle. A batch
   * goes back to its sender too (Yjs ignores what it already has), unless it is the only sender.
   */
  private broadcastUpdates(): void {
    const batch = this.outgoing
    this.outgoing = []
    if (batch.length === 0) return
    const merged = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map(({ update }) => update))
    const soleOrigin = batch.every(({ origin }) => origin === batch[0]!.origin) ? batch[0]!.origin : undefined
    const message = encodeUpdate(merged)
    for (const peer of this.peers) if (peer !== soleOrigin) peer.send(message)
  }

  /**
   * Presence (cursors, selections) changes far more often than the document; the states changed
   * this turn go out in one message, to everyone: for a lone client this echo of its own state
   * is the traffic that tells its provider the connection is alive.
   */
  private broadcastPresence(): void {
    if (this.presenceChanged.size === 0) return
    const message = encodeAwareness(this.awareness, [...this.presenceChanged])
    this.presenceChanged.clear()
    for (const peer of this.peers) peer.send(message)
    this.relayPresence()
  }

  private relayPresence(): void {
    if (this.presenceChangedHere.size === 0) return
    const changedHere = [...this.presenceChangedHere]
    this.presenceChangedHere.clear()
    this.options.onPresence?.(changedHere)
  }

  private scheduleStore(): void {
    if (this.destroyed) return
    // On a grid shared by every document, so that their writes fall in the same turn and the
    // persistence can commit them together.
    const delay = this.options.storeDelayMs - (Date.now() % this.options.storeDelayMs)
    this.storeTimer ??= setTimeout(() => {
      this.storeTimer = undefined
      this.flush().catch(() => {}) // reported, and retried, by storePending
    }, delay)
  }

  private onAwarenessUpdate({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const peer = origin as Peer
    if (this.peers.has(peer)) {
      for (const id of [...added, ...updated]) peer.awarenessIds.add(id)
      for (const id of removed) peer.awarenessIds.delete(id)
    }
    const here = origin !== fromReplica && origin !== outdated
    for (const id of [...added, ...updated, ...removed]) {
      this.presenceChanged.add(id)
      if (here) this.presenceChangedHere.add(id)
    }
    this.scheduleBroadcast()
  }

  /**
   * Applies an update another replica stored (or its whole stored state: Yjs skips what the
   * document has): this replica's connections receive it like any edit.
   */
  applyRelayed(update: Uint8Array, editors: ReadonlySet<string> = new Set()): void {
    if (!this.loaded || this.destroyed) return
    Y.applyUpdate(this.doc, update, fromReplica)
    this.options.onStored(this.doc, editors)
  }

  /** The awareness client ids this server's own connections announced and still hold. */
  presentHere(): number[] {
    const states = this.awareness.getStates()
    return [...this.peers].flatMap((peer) => [...peer.awarenessIds].filter((id) => states.has(id)))
  }

  /** Applies presence announced or cleared on another replica. */
  applyRelayedPresence(update: Uint8Array): void {
    if (!this.loaded || this.destroyed) return
    applyAwarenessUpdate(this.awareness, update, fromReplica)
  }

  /** Sends a newly connected peer the server's state vector and everyone's presence. */
  greet(peer: Peer): void {
    peer.send(encodeSyncStep1(this.doc))
    const present = [...this.awareness.getStates().keys()]
    if (present.length > 0) peer.send(encodeAwareness(this.awareness, present))
  }

  /** Removes the peer and the presence it announced (the others see it leave). */
  leave(peer: Peer): void {
    this.peers.delete(peer)
    if (peer.awarenessIds.size === 0) return
    const ids = [...peer.awarenessIds]
    peer.awarenessIds.clear()
    removeAwarenessStates(this.awareness, ids, null)
  }

  /**
   * Stores every update applied so far, in one write. Writes are serialized; a failed write
   * keeps its updates for the next attempt and rejects.
   */
  flush(): Promise<void> {
    clearTimeout(this.storeTimer)
    this.storeTimer = undefined
    const run = this.storing.then(() => this.storePending())
    this.storing = run.catch(() => {})
    return run
  }

  private async storePending(): Promise<void> {
    if (this.pending.length === 0) return
    const batch = this.pending
    const editors = this.pendingEditors
    this.pending = []
    this.pendingEditors = new Set()
    const merged = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch)
    let stored: number
    try {
      stored = await this.options.persistence.store(this.workflowId, merged, [...editors])
    } catch (error) {
      this.pending.unshift(merged)
      for (const person of editors) this.pendingEditors.add(person)
      this.options.onError(error, 'store')
      this.scheduleStore()
      throw error
    }
    if (stored >= this.options.compactAfterUpdates) {
      // A failed compaction loses nothing: the updates stay stored and the next store retries.
      await this.options.persistence
        .compact(this.workflowId)
        .catch((error) => this.options.onError(error, 'compact'))
    }
    this.options.onStored(this.doc, editors)
  }

  /** Resolves once the writes started so far have ended (stored or failed). */
  settled(): Promise<void> {
    return this.storing
  }

  destroy(): void {
    this.destroyed = true
    clearTimeout(this.storeTimer)
    clearImmediate(this.broadcastScheduled)
    // The presence of connections that just left (a shutdown) still leaves the other replicas.
    this.relayPresence()
    this.awareness.destroy()
    this.doc.destroy()
  }
}

interface AwarenessChange {
  added: number[]
  updated: number[]
  removed: number[]
}
