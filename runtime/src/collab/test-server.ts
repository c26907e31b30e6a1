import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Role } from '../service/types'
import { NotificationListener } from '../store/postgres/notifications'
import { openSqlDatabase, type SqlDatabase } from '../store/sql'
import { createCollab, type Collab, type CollabLimits, type CollabOptions } from './create-collab'
import { acceptCollabUpgrades } from './accept-upgrades'
import type { CollabPersistence } from './persistence'
import { ReplicaRelay } from './replica-relay'
import { createSqlPersistence } from './sql-persistence'

/**
 * Tokens for tests and the benchmark: each grants one role on one workflow, to a person (the
 * token itself when not named). Delete an entry to revoke the token.
 */
export type TokenGrants = Record<string, { workflowId: string; role: Role; person?: string }>

export interface CollabTestServer {
  /** `ws://127.0.0.1:<port>/collab`, the y-websocket server URL. */
  url: string
  port: number
  collab: Collab
  /** The store's port on the data folder (or database), as the runtime's service holds it. */
  sql: SqlDatabase
  /** The relay to the other replicas, when serving from PostgreSQL. */
  relay?: ReplicaRelay
  stop(): Promise<void>
}

/**
 * The collaboration endpoint on a real HTTP server (random port) backed by a SQLite file, or as
 * one replica of several on a PostgreSQL database, wired as the runtime wires it; the HTTP app is
 * empty where the runtime has its API.
 */
export async function startCollabServer(options: {
  /** Folder of the SQLite database, created and migrated as the runtime does. */
  dataDir?: string
  /** A PostgreSQL database instead (postgres://…): the server is a replica, relaying to the others. */
  databaseUrl?: string
  grants: TokenGrants
  allowedOrigins?: string[]
  limits?: Partial<CollabLimits>
  onDocumentChanged?: CollabOptions['onDocumentChanged']
  followsChanges?: CollabOptions['followsChanges']
  onError?: CollabOptions['onError']
  /** Wraps the stored persistence, e.g. to hold loads back. */
  persistence?: (stored: CollabPersistence) => CollabPersistence
}): Promise<CollabTestServer> {
  const { dataDir, databaseUrl } = options
  if (!databaseUrl && !dataDir) throw new Error('startCollabServer needs a dataDir or a databaseUrl')
  const sql = await openSqlDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: dataDir! })
  const listener = databaseUrl ? await NotificationListener.open({ url: databaseUrl }) : undefined
  const relay =
    listener &&
    (await ReplicaRelay.open({
      sql,
      listener,
      onError: (error, workflowId) =>
        (options.onError ?? console.error)(error, { workflowId, during: 'relay' }),
    }))
  const collab = createCollab({
    authorize: (token, workflowId) => {
      const grant = options.grants[token]
      return grant && grant.workflowId === workflowId
        ? { role: grant.role, person: grant.person ?? token }
        : null
    },
    persistence: (options.persistence ?? ((stored) => stored))(
      createSqlPersistence(sql, { afterCommit: relay?.announce }),
    ),
    relay,
    allowedOrigins: options.allowedOrigins,
    limits: options.limits,
    onDocumentChanged: options.onDocumentChanged,
    followsChanges: options.followsChanges,
    onError: options.onError,
  })
  const app = new Hono()
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started))
  })
  const upgrades = acceptCollabUpgrades(server as Server, collab)
  const { port } = server.address() as AddressInfo
  return {
    url: `ws://127.0.0.1:${port}/collab`,
    port,
    collab,
    sql,
    relay,
    async stop() {
      await upgrades.close()
      if ('closeAllConnections' in server) server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await relay?.close()
      await listener?.close()
      await sql.close()
    },
  }
}
