import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, type ConveyorApp } from '../../app'
import { roles, type Role } from '../../auth/roles'
import { createConveyorService } from '../../service'
import type { SqliteConveyorService } from '../../service'
import { catalogOf } from '../examples-catalog'

export interface RequestOptions {
  token?: string | null
  body?: unknown
  /** Sent as is, without JSON encoding. */
  rawBody?: string
  headers?: Record<string, string>
}

export interface Harness {
  app: ConveyorApp
  service: SqliteConveyorService
  dataDir: string
  /** A token of each role, issued to a person named after the role (`editor`, …). */
  tokens: Record<Role, string>
  /** Issues a token for another person. */
  tokenFor(name: string, role: Role): Promise<string>
  /** A request as `role` (admin by default; `token: null` sends none). */
  request(method: string, path: string, options?: RequestOptions): Promise<Response>
  close(): Promise<void>
}

/** The real app over the real service and a real SQLite file in a temporary folder. */
export async function createHarness(
  options: {
    now?: () => number
    editorDist?: string
    allowPrivateHosts?: string[]
    /** An existing data folder to open again (a restart); a new temporary one by default. */
    dataDir?: string
  } = {},
): Promise<Harness> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'conveyor-http-')))
  const service = await createConveyorService({
    dataDir,
    now: options.now,
    allowPrivateHosts: options.allowPrivateHosts,
  })
  const tokenFor = async (name: string, role: Role) =>
    (await service.createToken({ name, role, by: 'test' })).secret
  const tokens = Object.fromEntries(
    await Promise.all(roles.map(async (role) => [role, await tokenFor(role, role)] as const)),
  ) as Record<Role, string>
  const app = createApp({
    service,
    examples: catalogOf(),
    editorDist: options.editorDist,
    now: options.now,
  })

  const request = (
    method: string,
    path: string,
    { token, body, rawBody, headers = {} }: RequestOptions = {},
  ) => {
    const sent: Record<string, string> = { ...headers }
    const bearer = token === undefined ? tokens.admin : token
    if (bearer) sent.authorization = `Bearer ${bearer}`
    let payload: string | undefined = rawBody
    if (body !== undefined) {
      payload = JSON.stringify(body)
      sent['content-type'] ??= 'application/json'
    }
    return Promise.resolve(app.request(path, { method, headers: sent, body: payload }))
  }

  return {
    app,
    service,
    dataDir,
    tokens,
    tokenFor,
    request,
    close: async () => {
      await service.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** The JSON of a response, typed loosely for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response shapes
export async function jsonOf(response: Response): Promise<any> {
  return response.json()
}
