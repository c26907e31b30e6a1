import { Hono, type MiddlewareHandler } from 'hono'
import type { Server } from 'node:http'
import type { ConveyorApp } from '../app'
import {
  acceptCollabUpgrades,
  collabAuthorizer,
  createCollab,
  createSqlPersistence,
  type Collab,
  type CollabLimits,
  type CollabUpgrades,
} from '../collab'
import { partitionOf } from '../cluster/partitions'
import { UnavailableError } from '../service/errors'
import type { ConveyorService } from '../service/types'
import { ReplicaDocuments, type ReplicaStore } from './replica-documents'
import { seededFromStoredWorkflows } from './seeded-from-stored'
import { storedProjection, type WorkflowSaver } from './stored-projection'

export interface CollabTuning {
  limits?: Partial<CollabLimits>
  /** How long one person's live edits gather before the stored workflow takes them (3 s). */
  liveSaveWindowMs?: number
}

/**
 * Live co-editing (`/collab/:workflowId`, y-websocket) in front of the API app, which `buildApi`
 * makes with the saver its `PUT /api/workflows/{id}` must use. The collaboration documents live in
 * their own tables of the service's store, through its port `store.sql` (which the caller closes,
 * after `close()` here); a workflow's live document starts from its stored document, the stored
 * document is written from the live one whenever that is a valid workflow (by the workflow's owner
 * when several replicas serve one database: `replica-documents.ts`), and API saves are changes to
 * the live document.
 */
export async function withCollaboration(
  buildApi: (saveWorkflow: WorkflowSaver) => ConveyorApp,
  service: ConveyorService,
  store: ReplicaStore,
  log: (line: string) => void,
  { limits, liveSaveWindowMs }: CollabTuning = {},
) {
  const replica = await ReplicaDocuments.open(store, log)
  const changeLive: Collab['change'] = (workflowId, change) =>
    collab.change(workflowId, change).catch((error: unknown) => {
      // Shutting down, or the live document could not be read: the save was not taken.
      throw new UnavailableError(
        `The live document of ${workflowId} cannot take a save now: ${String(error)}`,
      )
    })
  const projection = storedProjection(service, log, changeLive, liveSaveWindowMs)
  const collab = createCollab({
    authorize: collabAuthorizer(service),
    persistence: seededFromStoredWorkflows(
      createSqlPersistence(store.sql, { afterCommit: replica.relay?.announce }),
      service,
    ),
    relay: replica.relay,
    followsChanges: replica.owns,
    limits,
    onDocumentChanged: (workflowId, ydoc, editors) => {
      if (replica.owns(workflowId)) projection.documentChanged(workflowId, ydoc, editors)
    },
    onError: (error, context) =>
      log(`collaboration on ${context.workflowId} failed during ${context.during}: ${String(error)}`),
  })
  await replica.hearAccessChanges(
    {
      tokenRevoked: () => collab.recheckAccess(),
      // Deleted here before it was announced; what this replica still held goes too.
      workflowDeleted: async (workflowId) => {
        if (collab.getDoc(workflowId)) await collab.forget(workflowId)
      },
    },
    log,
  )
  // Saved while this replica still owns them, before they are handed over.
  replica.onOwnershipLost(() => projection.idle())
  // Saving is the owner's: it stores what it holds and saves, once it has applied the changes
  // relayed to it so far (those this replica stored before asking among them).
  const storeOnOwner = store.routed.define<{ workflowId: string }, null>(
    'live-document.store',
    async ({ workflowId }) => {
      await replica.relay?.settled()
      await collab.flush(workflowId)
      // Changes stored before this replica owned the workflow (while its owner changed) have no
      // window here: saved now too, when the live document differs from the stored one.
      const ydoc = collab.getDoc(workflowId)
      if (ydoc) projection.documentChanged(workflowId, ydoc)
      await projection.idle(workflowId)
      return null
    },
  )
  const root = new Hono()
  // What the API shows and deploys is the live document as it is now, not as it was at the last
  // store (up to storeDelayMs ago) and save (up to liveSaveWindowMs): its pending changes are stored
  // and saved first (an export too), by the workflow's owner; the list, which shows names, does it
  // for every live document this replica holds, saving those it owns.
  const storeLiveFirst: MiddlewareHandler = async (c, next) => {
    const workflowId = c.req.param('id') as string | undefined
    if (workflowId === undefined || collab.getDoc(workflowId)) {
      try {
        await collab.flush(workflowId)
        if (workflowId === undefined) await projection.idle()
        else await storeOnOwner(partitionOf(workflowId), { workflowId })
      } catch (error) {
        log(
          `storing the live document of ${workflowId ?? 'each workflow'} before a read failed: ${String(error)}`,
        )
      }
    }
    await next()
  }
  root.get('/api/workflows', storeLiveFirst)
  root.get('/api/workflows/:id', storeLiveFirst)
  root.get('/api/workflows/:id/export', storeLiveFirst)
  root.post('/api/workflows/:id/deployments', storeLiveFirst)
  // A token revoked through the API loses its open live connections at once, on every replica; one
  // revoked by the tokens command (another process) is found by the periodic check (`recheckAccessMs`).
  root.delete('/api/tokens/:id', async (c, next) => {
    await next()
    if (!c.res.ok) return
    await collab.recheckAccess()
    await announce('token', c.req.param('id'))
  })
  root.delete('/api/workflows/:id', async (c, next) => {
    await next()
    if (!c.res.ok) return
    await collab.forget(c.req.param('id'))
    await announce('workflow-deleted', c.req.param('id'))
  })
  root.route('/', buildApi(projection.save))
  /** The other replicas follow at once; one that misses it finds it at its periodic access check. */
  async function announce(change: Parameters<ReplicaDocuments['announce']>[0], key: string) {
    await replica
      .announce(change, key)
      .catch((error: unknown) =>
        log(`telling the other replicas of ${change} ${key} failed: ${String(error)}`),
      )
  }
  let upgrades: CollabUpgrades | undefined
  return {
    app: root,
    /** Serves live co-editing on the server's WebSocket upgrades (frames capped by `ws` itself). */
    attach: (server: Server) => {
      upgrades = acceptCollabUpgrades(server, collab)
    },
    /** Stores the live documents' pending changes now (the stored workflows follow). */
    flush: async () => {
      await collab.flush()
      await projection.idle()
    },
    /** Disconnects editors and stores their last changes. */
    close: async () => {
      // Saved while the live documents are open: a window whose document was closed saves nothing.
      await collab.flush()
      await projection.idle()
      await (upgrades ? upgrades.close() : collab.close())
      await projection.idle()
      await replica.close()
    },
  }
}
