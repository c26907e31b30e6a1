import { createNodeWebSocket } from '@hono/node-ws'
import { Hono, type MiddlewareHandler } from 'hono'
import type { Server } from 'node:http'
import type { ConveyorApp } from '../app'
import { createCollab, createSqlitePersistence, type CollabLimits } from '../collab'
import { isServiceError } from '../service/errors'
import type { ConveyorService, Role } from '../service/types'
import { openDatabase } from '../store/database'
import { restViewUpdater, seededFromStoredWorkflows } from './collab-rest-view'
import { createDraftBases } from './draft-bases'

/**
 * Live co-editing (`/collab/:workflowId`, y-websocket) in front of the API app. The collaboration
 * documents live in their own tables of the same SQLite file, through their own connection; a
 * workflow's live document starts from its stored document, the stored document follows the
 * live one whenever that is a valid workflow, and saves made by other means are merged into the
 * live document as they happen.
 */
export function withCollaboration(
  api: ConveyorApp,
  service: ConveyorService,
  dataDir: string,
  log: (line: string) => void,
  limits?: Partial<CollabLimits>,
) {
  const db = openDatabase(dataDir)
  const drafts = createDraftBases(db)
  const restView = restViewUpdater(service, log, (workflowId) => collab.getDoc(workflowId), drafts)
  const collab = createCollab({
    authorize: async (token, workflowId): Promise<Role | null> => {
      const caller = await service.verifyToken(token)
      if (!caller) return null
      try {
        await service.getWorkflow(workflowId)
      } catch (error) {
        if (isServiceError(error)) return null
        throw error
      }
      return caller.role
    },
    persistence: seededFromStoredWorkflows(createSqlitePersistence(db), service, drafts),
    limits,
    onDocumentChanged: restView.documentChanged,
    onError: (error, context) =>
      log(`collaboration on ${context.workflowId} failed during ${context.during}: ${String(error)}`),
  })
  const stopMergingSaves = service.onWorkflowSaved(restView.workflowSaved)
  const root = new Hono()
  const { upgradeWebSocket, injectWebSocket } = createNodeWebSocket({ app: root })
  root.route('/', collab.routes(upgradeWebSocket))
  // What the API shows and deploys is the live document as it is now, not as it was at the last
  // store (up to storeDelayMs ago): its pending changes are stored first.
  const storeLiveFirst: MiddlewareHandler = async (c, next) => {
    const workflowId = c.req.param('id')
    if (workflowId && collab.getDoc(workflowId)) {
      try {
        await collab.flush(workflowId)
        await restView.idle(workflowId)
      } catch (error) {
        log(`storing the live document of ${workflowId} before a read failed: ${String(error)}`)
      }
    }
    await next()
  }
  root.get('/api/workflows/:id', storeLiveFirst)
  root.post('/api/workflows/:id/deployments', storeLiveFirst)
  root.route('/', api)
  return {
    app: root,
    attach: (server: Server) => injectWebSocket(server),
    /** Stores the live documents' pending changes now (the stored workflows follow). */
    flush: async () => {
      await collab.flush()
      await restView.idle()
    },
    /** Disconnects editors and stores their last changes. */
    close: async () => {
      stopMergingSaves()
      await collab.close()
      await restView.idle()
      db.close()
    },
  }
}
