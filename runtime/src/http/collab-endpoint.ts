import { createNodeWebSocket } from '@hono/node-ws'
import { Hono } from 'hono'
import type { Server } from 'node:http'
import type { ConveyorApp } from '../app'
import { createCollab, createSqlitePersistence } from '../collab'
import { isServiceError } from '../service/errors'
import type { ConveyorService, Role } from '../service/types'
import { openDatabase } from '../store/database'

/**
 * Live co-editing (`/collab/:workflowId`, y-websocket) in front of the API app. The collaboration
 * documents live in their own tables of the same SQLite file, through their own connection.
 */
export function withCollaboration(
  api: ConveyorApp,
  service: ConveyorService,
  dataDir: string,
  log: (line: string) => void,
) {
  const db = openDatabase(dataDir)
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
    persistence: createSqlitePersistence(db),
    onError: (error, context) =>
      log(`collaboration on ${context.workflowId} failed during ${context.during}: ${String(error)}`),
  })
  const root = new Hono()
  const { upgradeWebSocket, injectWebSocket } = createNodeWebSocket({ app: root })
  root.route('/', collab.routes(upgradeWebSocket))
  root.route('/', api)
  return {
    app: root,
    attach: (server: Server) => injectWebSocket(server),
    /** Disconnects editors and stores their last changes. */
    close: async () => {
      await collab.close()
      db.close()
    },
  }
}
