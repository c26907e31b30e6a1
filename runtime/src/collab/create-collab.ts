import { Hono } from 'hono'
import type { UpgradeWebSocket, WSContext, WSMessageReceive } from 'hono/ws'
import type * as Y from 'yjs'
import { recheckAccess, type AdmittedConnection } from './access-recheck'
import { admit, type Admission, type Authorize } from './admission'
import { CollabConnection, closeCodes } from './collab-connection'
import type { CollabPersistence } from './persistence'
import { keepAlive } from './keep-alive'
import type { CollabRelay } from './replica-relay'
import { SharedDocument } from './shared-document'

export interface CollabLimits {
  /** Larger messages close the connection with 1009. Default 8 MiB. */
  maxMessageBytes: number
  /** Longest time a change waits before it is stored (batched per document). Default 500 ms. */
  storeDelayMs: number
  /** Stored updates merged into one snapshot once there are this many. Default 200. */
  compactAfterUpdates: number
  /** How long a document stays loaded after its last connection left. Default 10 s. */
  idleUnloadMs: number
  /** A client whose unsent messages pass this size is dropped (1013). Default 16 MiB. */
  maxBufferedBytes: number
  /** Clients are pinged this often and dropped when they missed the previous ping. Default 30 s. */
  pingIntervalMs: number
  /**
   * Open connections' tokens are checked again this often, for revocations made by another
   * process (the `tokens revoke` command). Default 5 s.
   */
  recheckAccessMs: number
}

export const defaultCollabLimits: CollabLimits = {
  maxMessageBytes: 8 * 1024 * 1024,
  storeDelayMs: 500,
  compactAfterUpdates: 200,
  idleUnloadMs: 10_000,
  pingIntervalMs: 30_000,
  maxBufferedBytes: 16 * 1024 * 1024,
  recheckAccessMs: 5_000,
}

export type CollabErrorContext = {
  workflowId: string
  during: 'authorize' | 'load' | 'store' | 'compact' | 'document-changed' | 'relay'
}

export interface CollabOptions {
  /** The caller's role on this workflow and who they are, or null when the token gives no access to it. */
  authorize: Authorize
  persistence: CollabPersistence
  /** Origins besides the runtime's own that may connect from a browser, e.g. `http://localhost:5173`. */
  allowedOrigins?: readonly string[]
  limits?: Partial<CollabLimits>
  /**
   * Replicas serving documents from one PostgreSQL database: changes stored by the others reach
   * this one's connections, and presence goes both ways (see `replica-relay.ts`). None on SQLite,
   * whose data folder one process serves.
   */
  relay?: CollabRelay
  /**
   * With a relay: whether this replica loads a workflow's document when another replica stores a
   * change to it while no connection here has it open, so that `onDocumentChanged` hears every
   * change (the workflow's owner, which writes what follows from them). Loaded so, a document is
   * unloaded `idleUnloadMs` after the last such change.
   */
  followsChanges?(workflowId: string): boolean
  /**
   * Called after a batch of changes to the document has been stored, with the people whose
   * connections made them (none when they all came from the server, e.g. a merged save); with a
   * relay also after a change another replica stored is applied here.
   */
  onDocumentChanged?(workflowId: string, doc: Y.Doc, editors: ReadonlySet<string>): void
  onError?(error: unknown, context: CollabErrorContext): void
}

/** One admitted client's socket, as an upgrade adapter drives it. */
export interface CollabSession {
  receive(data: WSMessageReceive | Uint8Array): void
  /** The socket closed. */
  closed(): void
}

export interface Collab {
  readonly limits: CollabLimits
  /** Whether a request may join `workflowId`'s live document, decided before the upgrade. */
  admit(request: Request, workflowId: string): Promise<Admission>
  /** Joins an admitted client, once its socket is open, to the document. */
  connect(socket: WSContext, admitted: Extract<Admission, { kind: 'admitted' }>): CollabSession
  /** The y-websocket endpoint `GET /collab/:workflowId` for Hono upgrade adapters (`app.route('/', …)`). */
  routes(upgradeWebSocket: UpgradeWebSocket<unknown>): Hono
  /**
   * Checks every open connection's token again now and closes those that no longer give access
   * (4401); call it when a token is revoked. It also runs every `recheckAccessMs`.
   */
  recheckAccess(): Promise<void>
  /** Stores every change applied so far (to one workflow's document when given). */
  flush(workflowId?: string): Promise<void>
  /** Disconnects everyone (1001), stores every change and unloads the documents. */
  close(): Promise<void>
  /** The live document of a workflow while someone has it open. */
  getDoc(workflowId: string): Y.Doc | undefined
  /**
   * Applies a change made by the server to a workflow's document, loading it when nobody has it
   * open (and unloading it `idleUnloadMs` later if nobody joins). Connected clients receive it like
   * any edit; resolves with what `change` returned once the change is stored.
   */
  change<T>(workflowId: string, change: (doc: Y.Doc) => T): Promise<T>
  /**
   * Drops a deleted workflow's live document: disconnects everyone on it (4404), discards changes
   * not stored yet and deletes what was stored, so a workflow made later under the same id starts
   * from its own document.
   */
  forget(workflowId: string): Promise<void>
}

export function createCollab(options: CollabOptions): Collab {
  const limits = { ...defaultCollabLimits, ...options.limits }
  const allowedOrigins = (options.allowedOrigins ?? []).map(originOf)
  const reportError = options.onError ?? logError
  const documents = new Map<string, SharedDocument>()
  const connections = new Map<CollabConnection, AdmittedConnection>()
  const unloadTimers = new Map<string, NodeJS.Timeout>()
  let closing = false
  const reportAuthorizeError = (error: unknown, workflowId: string) =>
    reportError(error, { workflowId, during: 'authorize' })
  const recheckTimer = setInterval(() => void recheckAccessNow(), limits.recheckAccessMs)
  recheckTimer.unref()
  options.relay?.attach({
    get: (workflowId) => documents.get(workflowId),
    all: () => documents.values(),
    changed: (workflowId) => {
      if (closing || !options.followsChanges?.(workflowId)) return documents.get(workflowId)
      const document = documentFor(workflowId)
      scheduleUnload(document)
      return document
    },
  })

  function documentFor(workflowId: string): SharedDocument {
    clearTimeout(unloadTimers.get(workflowId))
    unloadTimers.delete(workflowId)
    const existing = documents.get(workflowId)
    if (existing) return existing
    const document = new SharedDocument(workflowId, {
      persistence: options.persistence,
      storeDelayMs: limits.storeDelayMs,
      compactAfterUpdates: limits.compactAfterUpdates,
      onStored: (doc, editors) => notifyChanged(workflowId, doc, editors),
      onError: (error, during) => reportError(error, { workflowId, during }),
      onPresence: options.relay && ((clientIds) => options.relay!.presence(document, clientIds)),
    })
    documents.set(workflowId, document)
    if (options.relay) {
      const { relay } = options
      document.ready.then(
        () => relay.loaded(document),
        () => {},
      )
    }
    // A document that failed to load is forgotten, so the next connection tries again.
    document.ready.catch(() => {
      if (documents.get(workflowId) === document) documents.delete(workflowId)
      document.destroy()
    })
    return document
  }

  function notifyChanged(workflowId: string, doc: Y.Doc, editors: ReadonlySet<string>): void {
    try {
      options.onDocumentChanged?.(workflowId, doc, editors)
    } catch (error) {
      reportError(error, { workflowId, during: 'document-changed' })
    }
  }

  function scheduleUnload(document: SharedDocument): void {
    const { workflowId } = document
    if (document.peers.size > 0 || closing || documents.get(workflowId) !== document) return
    clearTimeout(unloadTimers.get(workflowId))
    const timer = setTimeout(async () => {
      unloadTimers.delete(workflowId)
      try {
        await document.flush()
      } catch {
        return // reported; the document stays loaded and retries storing
      }
      // Someone may have joined while the changes were being stored.
      if (document.peers.size > 0 || documents.get(workflowId) !== document) return
      documents.delete(workflowId)
      document.destroy()
    }, limits.idleUnloadMs)
    unloadTimers.set(workflowId, timer)
  }

  function admitRequest(request: Request, workflowId: string): Promise<Admission> {
    return admit(request, workflowId, {
      authorize: options.authorize,
      allowedOrigins,
      closing: () => closing,
      reportError: reportAuthorizeError,
    })
  }

  function connect(socket: WSContext, admitted: Extract<Admission, { kind: 'admitted' }>): CollabSession {
    if (closing) {
      socket.close(closeCodes.goingAway, 'shutting down')
      return { receive() {}, closed() {} }
    }
    const { workflowId, token, access } = admitted
    const connection = new CollabConnection(socket, documentFor(workflowId), {
      person: access.person,
      readOnly: access.role === 'viewer',
      maxMessageBytes: limits.maxMessageBytes,
      maxBufferedBytes: limits.maxBufferedBytes,
    })
    connections.set(connection, { connection, token, workflowId })
    const stopPinging = keepAlive(socket, limits.pingIntervalMs)
    return {
      receive: (data) => connection.receive(data),
      closed() {
        stopPinging()
        connections.delete(connection)
        connection.closedBySocket()
        scheduleUnload(connection.document)
      },
    }
  }

  function routes(upgradeWebSocket: UpgradeWebSocket<unknown>): Hono {
    return new Hono().get('/collab/:workflowId', async (c) => {
      const admission = await admitRequest(c.req.raw, c.req.param('workflowId'))
      if (admission.kind === 'answered') {
        const { status, code, message } = admission
        return c.json({ error: { code, message } }, status)
      }
      let session: CollabSession | undefined
      return upgradeWebSocket(c, {
        onOpen(_event, socket) {
          if (admission.kind === 'refused') socket.close(admission.code, admission.reason)
          else session = connect(socket, admission)
        },
        onMessage(event) {
          session?.receive(event.data)
        },
        onClose() {
          session?.closed()
        },
      })
    })
  }

  function recheckAccessNow(): Promise<void> {
    return recheckAccess(connections.values(), options.authorize, reportAuthorizeError)
  }

  async function flush(workflowId?: string): Promise<void> {
    const chosen = workflowId === undefined ? [...documents.values()] : [documents.get(workflowId)]
    await Promise.all(chosen.map((document) => document && flushLoaded(document)))
  }

  async function close(): Promise<void> {
    closing = true
    clearInterval(recheckTimer)
    for (const timer of unloadTimers.values()) clearTimeout(timer)
    unloadTimers.clear()
    // Closed connections ignore whatever their clients still send.
    for (const connection of connections.keys())
      connection.close(closeCodes.goingAway, 'server shutting down')
    connections.clear()
    try {
      await flush()
    } finally {
      for (const document of documents.values()) document.destroy()
      documents.clear()
    }
  }

  async function change<T>(workflowId: string, apply: (doc: Y.Doc) => T): Promise<T> {
    if (closing) throw new Error(`the live document of ${workflowId} is closing`)
    const document = documentFor(workflowId)
    try {
      await document.ready
      const result = apply(document.doc)
      await document.flush()
      return result
    } finally {
      scheduleUnload(document)
    }
  }

  async function forget(workflowId: string): Promise<void> {
    for (const [connection, admitted] of connections) {
      if (admitted.workflowId !== workflowId) continue
      connection.close(closeCodes.gone, 'workflow deleted')
      connections.delete(connection)
    }
    clearTimeout(unloadTimers.get(workflowId))
    unloadTimers.delete(workflowId)
    const document = documents.get(workflowId)
    documents.delete(workflowId)
    if (document) {
      document.destroy()
      await document.settled()
    }
    await options.persistence.remove(workflowId)
  }

  return {
    limits,
    admit: admitRequest,
    change,
    forget,
    connect,
    routes,
    recheckAccess: recheckAccessNow,
    flush,
    close,
    getDoc(workflowId) {
      const document = documents.get(workflowId)
      return document?.loaded ? document.doc : undefined
    },
  }
}

function originOf(entry: string): string {
  let origin = 'null'
  try {
    origin = new URL(entry).origin
  } catch {
    // reported below
  }
  // 'null' is what sandboxed and file:// pages send: never an origin to trust.
  if (origin === 'null') {
    throw new Error(`Collaboration allowedOrigins: "${entry}" is not an origin such as http://localhost:5173`)
  }
  return origin
}

/** A document still loading (or failed) has nothing to store. */
async function flushLoaded(document: SharedDocument): Promise<void> {
  const loaded = await document.ready.then(
    () => true,
    () => false,
  )
  if (loaded) await document.flush()
}

function logError(error: unknown, { workflowId, during }: CollabErrorContext): void {
  const reason = error instanceof Error ? error.message : String(error)
  console.error(`collaboration: ${during} failed for workflow ${workflowId}: ${reason}`)
}
