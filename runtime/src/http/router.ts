import { OpenAPIHono } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import { requires } from '../auth/authenticate'
import type { Permission } from '../auth/roles'
import type { ConveyorService } from '../service/types'
import type { AppEnv } from './app-env'
import { validationError } from './errors'

/** A router whose request validation failures become 400s naming each wrong field. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target)
    },
  })
}

export type Guards = Record<Permission, MiddlewareHandler<AppEnv>>

/** One authenticating, role-checking middleware per permission. */
export function createGuards(service: ConveyorService): Guards {
  const permissions: Permission[] = ['read', 'design', 'start', 'work', 'operate', 'administer']
  return Object.fromEntries(permissions.map((p) => [p, requires(service, p)])) as Guards
}

/** Marks a route as needing a bearer token in the OpenAPI document. */
export const bearer = [{ bearer: [] }]
