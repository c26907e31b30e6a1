import { randomUUID } from 'node:crypto'
import { encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { maxPayloadBytes, notify, type NotificationListener } from '../store/postgres/notifications'
import { storedParts, storedUpdate } from '../store/repositories/collab-rows'
import type { SqlDatabase } from '../store/sql'
import type { SharedDocument } from './shared-document'
import type { StoredUpdate } from './sql-persistence'

/**
 * Stored updates: `{ w: workflowId, seq, o: origin replica, e?: the people who made it, u?: base64
 * update when it fits }`.
 */
export const updatesChannel = 'conveyor_collab'
/**
 * Presence (never stored): `{ w: workflowId, o: origin replica, a: base64 awareness update }`, or
 * `{ w, o, ask: true }` from a replica that just loaded the document, answered with the presence of
 * each other replica's own clients.
 */
export const presenceChannel = 'conveyor_presence'

/** The documents a replica has loaded, where relayed changes go. */
export interface LoadedDocuments {
  get(workflowId: string): SharedDocument | undefined
  all(): Iterable<SharedDocument>
  /**
   * Where another replica's change to a workflow goes: its loaded document, or one loaded for it
   * when this replica follows that workflow's changes without connections of its own (its owner,
   * which writes what follows from them); undefined when neither.
   */
  changed(workflowId: string): SharedDocument | undefined
}

/** What the collaboration server needs from a relay between replicas. */
export interface CollabRelay {
  /** Starts passing other replicas' changes to these documents. */
  attach(documents: LoadedDocuments): void
  /** Tells the other replicas of presence that changed on this one. */
  presence(document: SharedDocument, clientIds: readonly number[]): void
  /** A document finished loading here: asks the others for their clients' presence on it. */
  loaded(document: SharedDocument): void
}

export interface ReplicaRelayOptions {
  /** The store's port on the PostgreSQL database every replica shares. */
  sql: SqlDatabase
  /** This replica's listening connection to that database. */
  listener: NotificationListener
  /** Tells this replica's notifications from the others'; a new one per process by default. */
  replicaId?: string
  onError(error: unknown, workflowId: string): void
}

/**
 * Live documents served by several replicas on one PostgreSQL database. Each replica holds its
 * own copy of a document its connections use; an update one of them stores (the only stored copy)
 * is announced on `conveyor_collab` after the commit, and the other replicas holding the document
 * apply it for their own connections: from the notification's bytes, else the row by its number,
 * else (compacted away meanwhile) the whole stored state, since Yjs skips what a document already
 * has. Stored updates are never tailed by number: numbers are not committed in order. Presence goes
 * on `conveyor_presence`, unstored; a dead replica's clients fade by the awareness timeout (30 s).
 */
export class ReplicaRelay implements CollabRelay {
  readonly replicaId: string
  private documents: LoadedDocuments | undefined
  private readonly inFlight = new Set<Promise<void>>()
  private readonly stopListening: Array<() => void> = []

  private constructor(private readonly options: ReplicaRelayOptions) {
    this.replicaId = options.replicaId ?? randomUUID()
  }

  /** Resolves once it listens on both channels. */
  static async open(options: ReplicaRelayOptions): Promise<ReplicaRelay> {
    const relay = new ReplicaRelay(options)
    const { listener } = options
    relay.stopListening.push(
      await listener.listen(updatesChannel, (payload) => relay.updateReceived(payload)),
      await listener.listen(presenceChannel, (payload) => relay.presenceReceived(payload)),
      // Notifications sent while the connection was down are lost: catch up from the store.
      listener.onReconnected(() => relay.reloadAll()),
    )
    return relay
  }

  attach(documents: LoadedDocuments): void {
    this.documents = documents
  }

  /** For `createSqlPersistence`'s `afterCommit`: announces the updates this replica stored. */
  readonly announce = async (stored: readonly StoredUpdate[]): Promise<void> => {
    for (const { workflowId, seq, update, editors } of stored) {
      const header = { w: workflowId, seq, o: this.replicaId, ...(editors.length > 0 ? { e: editors } : {}) }
      const withBytes = JSON.stringify({ ...header, u: Buffer.from(update).toString('base64') })
      const payload = Buffer.byteLength(withBytes) <= maxPayloadBytes ? withBytes : JSON.stringify(header)
      try {
        await notify(this.options.sql, updatesChannel, payload)
      } catch (error) {
        this.options.onError(error, workflowId)
      }
    }
  }

  presence(document: SharedDocument, clientIds: readonly number[]): void {
    const { workflowId, awareness } = document
    const payloadOf = (ids: readonly number[]) =>
      JSON.stringify({
        w: workflowId,
        o: this.replicaId,
        a: Buffer.from(encodeAwarenessUpdate(awareness, [...ids])).toString('base64'),
      })
    const whole = payloadOf(clientIds)
    // Too much for one notification: one per client; a single state that large is not relayed.
    const payloads =
      Buffer.byteLength(whole) <= maxPayloadBytes
        ? [whole]
        : clientIds.map((id) => payloadOf([id])).filter((p) => Buffer.byteLength(p) <= maxPayloadBytes)
    for (const payload of payloads) {
      this.track(workflowId, notify(this.options.sql, presenceChannel, payload))
    }
  }

  loaded(document: SharedDocument): void {
    const ask = JSON.stringify({ w: document.workflowId, o: this.replicaId, ask: true })
    this.track(document.workflowId, notify(this.options.sql, presenceChannel, ask))
  }

  /** Resolves once the relayed changes received so far are applied (or reported). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight)
  }

  /** Stops listening; the listener itself is its opener's to close. */
  async close(): Promise<void> {
    for (const stop of this.stopListening.splice(0)) stop()
    this.documents = undefined
    await this.settled()
  }

  private updateReceived(payload: string): void {
    const message = parsed(payload)
    if (!message || message.o === this.replicaId) return
    const { w: workflowId, seq, u, e } = message
    if (typeof workflowId !== 'string' || typeof seq !== 'number') return
    const document = this.documents?.changed(workflowId)
    if (!document) return
    const editors = new Set(
      Array.isArray(e) ? e.filter((person): person is string => typeof person === 'string') : [],
    )
    this.track(
      workflowId,
      this.whenLoaded(
        document,
        async () => {
          if (typeof u === 'string') return Buffer.from(u, 'base64')
          return (
            (await storedUpdate(this.options.sql, document.workflowId, seq)) ?? this.storedState(document)
          )
        },
        editors,
      ),
    )
  }

  private presenceReceived(payload: string): void {
    const message = parsed(payload)
    if (!message || message.o === this.replicaId) return
    const document = typeof message.w === 'string' ? this.documents?.get(message.w) : undefined
    if (!document?.loaded) return
    if (message.ask === true) {
      const present = document.presentHere()
      if (present.length > 0) this.presence(document, present)
      return
    }
    if (typeof message.a !== 'string') return
    try {
      document.applyRelayedPresence(Buffer.from(message.a, 'base64'))
    } catch (error) {
      this.options.onError(error, document.workflowId)
    }
  }

  private reloadAll(): void {
    for (const document of this.documents?.all() ?? []) {
      this.track(
        document.workflowId,
        this.whenLoaded(document, () => this.storedState(document)),
      )
    }
  }

  /** Applies what `read` finds once the document has its stored state (a failed load has none). */
  private async whenLoaded(
    document: SharedDocument,
    read: () => Promise<Uint8Array | undefined>,
    editors?: ReadonlySet<string>,
  ): Promise<void> {
    const loaded = await document.ready.then(
      () => true,
      () => false,
    )
    if (!loaded) return
    const update = await read()
    if (!update) return
    // Validated before applying: Yjs would apply a truncated update halfway.
    Y.decodeUpdate(update)
    document.applyRelayed(update, editors)
  }

  private async storedState(document: SharedDocument): Promise<Uint8Array | undefined> {
    const parts = await storedParts(this.options.sql, document.workflowId)
    if (parts.length === 0) return undefined
    return parts.length === 1 ? parts[0] : Y.mergeUpdates(parts)
  }

  private track(workflowId: string, work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.options.onError(error, workflowId))
    this.inFlight.add(tracked)
    void tracked.finally(() => this.inFlight.delete(tracked))
  }
}

/** A notification's fields, or undefined when it is not a JSON object (nothing to act on). */
function parsed(payload: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(payload)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
