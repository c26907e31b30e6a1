import { Id } from '@conveyor/shared'
import { Hono, type Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { UpgradeWebSocket } from 'hono/ws'
import type * as Y from 'yjs'
import type { Role } from '../service/types'
import { CollabConnection, closeCodes } from './collab-connection'
import type { CollabPersistence } from './persistence'
import { keepAlive } from './keep-alive'
import { SharedDocument } from './shared-document'
import { isOriginAllowed, presentedToken } from './upgrade-guard'

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
}

export const defaultCollabLimits: CollabLimits = {
  maxMessageBytes: 8 * 1024 * 1024,
  storeDelayMs: 500,
  compactAfterUpdates: 200,
  idleUnloadMs: 10_000,
  pingIntervalMs: 30_000,
  maxBufferedBytes: 16 * 1024 * 1024,
}

export type CollabErrorContext = {
  workflowId: string
  during: 'authorize' | 'load' | 'store' | 'compact' | 'document-changed'
}

export interface CollabOptions {
  /** The caller's role on this workflow, or null when the token gives no access to it. */
  authorize(token: string, workflowId: string): Role | null | Promise<Role | null>
  persistence: CollabPersistence
  /** Origins besides the runtime's own that may connect from a browser, e.g. `http://localhost:5173`. */
  allowedOrigins?: readonly string[]
  limits?: Partial<CollabLimits>
  /** Called after a batch of changes to the document has been stored. */
  onDocumentChanged?(workflowId: string, doc: Y.Doc): void
  onError?(error: unknown, context: CollabErrorContext): void
}

export interface Collab {
  readonly limits: CollabLimits
  /** The y-websocket endpoint `GET /collab/:workflowId`, to mount with `app.route('/', …)`. */
  routes(upgradeWebSocket: UpgradeWebSocket<unknown>): Hono
  /** Stores every change applied so far (to one workflow's document when given). */
  flush(workflowId?: string): Promise<void>
  /** Disconnects everyone (1001), stores every change and unloads the documents. */
  close(): Promise<void>
  /** The live document of a workflow while someone has it open. */
  getDoc(workflowId: string): Y.Doc | undefined
}

export function createCollab(options: CollabOptions): Collab {
  const limits = { ...defaultCollabLimits, ...options.limits }
  const allowedOrigins = (options.allowedOrigins ?? []).map(originOf)
  const reportError = options.onError ?? logError
  const documents = new Map<string, SharedDocument>()
  const connections = new Set<CollabConnection>()
  const unloadTimers = new Map<string, NodeJS.Timeout>()
  let closing = false

  function documentFor(workflowId: string): SharedDocument {
    clearTimeout(unloadTimers.get(workflowId))
    unloadTimers.delete(workflowId)
    const existing = documents.get(workflowId)
    if (existing) return existing
    const document = new SharedDocument(workflowId, {
      persistence: options.persistence,
      storeDelayMs: limits.storeDelayMs,
      compactAfterUpdates: limits.compactAfterUpdates,
      onStored: (doc) => notifyChanged(workflowId, doc),
      onError: (error, during) => reportError(error, { workflowId, during }),
    })
    documents.set(workflowId, document)
    // A document that failed to load is forgotten, so the next connection tries again.
    document.ready.catch(() => {
      if (documents.get(workflowId) === document) documents.delete(workflowId)
      document.destroy()
    })
    return document
  }

  function notifyChanged(workflowId: string, doc: Y.Doc): void {
    try {
      options.onDocumentChanged?.(workflowId, doc)
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

  async function admit(c: Context, workflowId: string): Promise<Role | null | Response> {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      return refuse(c, 426, 'upgrade_required', 'Connect with a WebSocket (y-websocket protocol)')
    }
    const origin = c.req.header('origin')
    if (!isOriginAllowed(origin, c.req.header('host'), allowedOrigins)) {
      return refuse(c, 403, 'forbidden_origin', `Pages from ${origin} may not open this workflow`)
    }
    const parsedId = Id.safeParse(workflowId)
    if (!parsedId.success) {
      const reason = parsedId.error.issues[0]?.message ?? 'is not valid'
      return refuse(c, 400, 'invalid_workflow_id', `Workflow id "${workflowId}" ${reason}`)
    }
    if (closing) return refuse(c, 503, 'shutting_down', 'The runtime is shutting down')
    const token = presentedToken(c)
    if (!token) return null
    try {
      return await options.authorize(token, workflowId)
    } catch (error) {
      reportError(error, { workflowId, during: 'authorize' })
      return refuse(c, 500, 'internal', 'Could not check access to this workflow')
    }
  }

  function routes(upgradeWebSocket: UpgradeWebSocket<unknown>): Hono {
    return new Hono().get('/collab/:workflowId', async (c) => {
      const workflowId = c.req.param('workflowId')
      const admitted = await admit(c, workflowId)
      if (admitted instanceof Response) return admitted
      const role = admitted
      const hasToken = presentedToken(c) !== undefined
      let connection: CollabConnection | undefined
      let stopPinging = () => {}
      return upgradeWebSocket(c, {
        onOpen(_event, socket) {
          // Refused over the socket (not with an HTTP status) so that the client learns why and
          // stops retrying: y-websocket treats close codes 4400–4499 as final.
          if (!role) {
            socket.close(
              hasToken ? closeCodes.forbidden : closeCodes.unauthenticated,
              hasToken ? 'no access to this workflow' : 'sign in first',
            )
            return
          }
          if (closing) {
            socket.close(closeCodes.goingAway, 'shutting down')
            return
          }
          connection = new CollabConnection(socket, documentFor(workflowId), {
            readOnly: role === 'viewer',
            maxMessageBytes: limits.maxMessageBytes,
            maxBufferedBytes: limits.maxBufferedBytes,
          })
          connections.add(connection)
          stopPinging = keepAlive(socket, limits.pingIntervalMs)
        },
        onMessage(event) {
          connection?.receive(event.data)
        },
        onClose() {
          stopPinging()
          if (!connection) return
          connections.delete(connection)
          connection.closedBySocket()
          scheduleUnload(connection.document)
        },
      })
    })
  }

  async function flush(workflowId?: string): Promise<void> {
    const chosen = workflowId === undefined ? [...documents.values()] : [documents.get(workflowId)]
    await Promise.all(chosen.map((document) => document && flushLoaded(document)))
  }

  async function close(): Promise<void> {
    closing = true
    for (const timer of unloadTimers.values()) clearTimeout(timer)
    unloadTimers.clear()
    // Closed connections ignore whatever their clients still send.
    for (const connection of connections) connection.close(closeCodes.goingAway, 'server shutting down')
    connections.clear()
    try {
      await flush()
    } finally {
      for (const document of documents.values()) document.destroy()
      documents.clear()
    }
  }

  return {
    limits,
    routes,
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

/** The API's error shape: `{error: {code, message}}`. */
function refuse(c: Context, status: ContentfulStatusCode, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status)
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
