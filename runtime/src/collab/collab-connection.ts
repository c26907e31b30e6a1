import type { WSContext, WSMessageReceive } from 'hono/ws'
import { applyAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import {
  decodeMessage,
  encodeAwareness,
  encodeSyncStep2,
  MalformedMessageError,
  type IncomingMessage,
} from './protocol'
import type { Peer, SharedDocument } from './shared-document'

/** WebSocket close codes the server uses; y-websocket clients stop retrying on 4400–4499. */
export const closeCodes = {
  goingAway: 1001,
  unsupportedData: 1003,
  messageTooBig: 1009,
  serverError: 1011,
  tryAgainLater: 1013,
  malformed: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  /** The workflow was deleted. */
  gone: 4404,
} as const

const open = 1

export interface ConnectionOptions {
  /** Who the token was issued to: their comments are signed with this name. */
  person: string
  /** Viewers: their document updates are dropped. */
  readOnly: boolean
  maxMessageBytes: number
  /** Unsent bytes the server holds for a client before dropping it. */
  maxBufferedBytes: number
}

/**
 * One client on one shared document. Messages that arrive while the document is still loading
 * wait in a queue; every message is checked before it touches the document, and a client that
 * breaks the protocol is disconnected without affecting the others.
 */
export class CollabConnection implements Peer {
  readonly awarenessIds = new Set<number>()
  private queue: Uint8Array[] | undefined = []
  private queuedBytes = 0
  private closed = false

  constructor(
    private readonly socket: WSContext,
    readonly document: SharedDocument,
    private readonly limits: ConnectionOptions,
  ) {
    document.peers.add(this)
    document.ready.then(
      () => this.start(),
      () => this.close(closeCodes.serverError, 'document unavailable, try again later'),
    )
  }

  private start(): void {
    if (this.closed) return
    this.document.greet(this)
    const queued = this.queue ?? []
    this.queue = undefined
    for (const message of queued) this.handle(message)
  }

  get person(): string {
    return this.limits.person
  }

  receive(data: WSMessageReceive | Uint8Array): void {
    if (this.closed) return
    const bytes = binaryMessage(data)
    if (!bytes) {
      this.close(closeCodes.unsupportedData, 'binary messages only')
      return
    }
    if (bytes.byteLength > this.limits.maxMessageBytes) {
      this.close(closeCodes.messageTooBig, `message larger than ${this.limits.maxMessageBytes} bytes`)
      return
    }
    if (this.queue) {
      this.queuedBytes += bytes.byteLength
      if (this.queuedBytes > this.limits.maxMessageBytes)
        this.close(closeCodes.messageTooBig, 'too much data while loading')
      else this.queue.push(bytes)
      return
    }
    this.handle(bytes)
  }

  private handle(bytes: Uint8Array): void {
    if (this.closed) return
    let message: IncomingMessage
    try {
      message = decodeMessage(bytes)
    } catch (error) {
      const reason = error instanceof MalformedMessageError ? error.message : 'malformed message'
      this.close(closeCodes.malformed, reason.slice(0, 100))
      return
    }
    try {
      this.apply(message)
    } catch {
      // A well-formed update Yjs still refuses (e.g. a type that conflicts with the document).
      this.close(closeCodes.malformed, `${message.kind} could not be applied`)
    }
  }

  private apply(message: IncomingMessage): void {
    const { doc, awareness } = this.document
    switch (message.kind) {
      case 'sync-step-1':
        this.send(encodeSyncStep2(doc, message.stateVector))
        return
      case 'update':
        // A viewer's changes are dropped: not applied, so neither stored nor passed on.
        if (!this.limits.readOnly) Y.applyUpdate(doc, message.update, this)
        return
      case 'awareness':
        applyAwarenessUpdate(awareness, message.update, this)
        return
      case 'query-awareness':
        this.send(encodeAwareness(awareness, [...awareness.getStates().keys()]))
        return
    }
  }

  send(message: Uint8Array): void {
    if (this.closed || this.socket.readyState !== open) return
    // A client that stops reading would make the server hold everything sent to it; it is
    // dropped instead, and on reconnecting it syncs what it missed in one message.
    const buffered = (this.socket.raw as { bufferedAmount?: number } | undefined)?.bufferedAmount ?? 0
    if (buffered > this.limits.maxBufferedBytes) {
      this.close(closeCodes.tryAgainLater, 'not keeping up')
      return
    }
    this.socket.send(message as Uint8Array<ArrayBuffer>)
  }

  /**
   * Leaves the document at once: the closing handshake can take long (up to 30 s with a client
   * that stopped reading), and meanwhile the client must neither receive nor appear present.
   */
  close(code: number, reason: string): void {
    if (this.closed) return
    this.closedBySocket()
    this.socket.close(code, reason)
  }

  /** The socket is gone: leave the document (presence included). */
  closedBySocket(): void {
    this.closed = true
    this.queue = undefined
    this.document.leave(this)
  }
}

function binaryMessage(data: WSMessageReceive | Uint8Array): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return undefined
}
