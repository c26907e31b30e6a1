import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { ApiError } from '../http/errors'
import type { AppEnv } from '../http/app-env'
import type { ConveyorService } from '../service/types'
import { callerFromToken, type Caller } from './caller'
import { lowestRoleFor, roleAllows, type Permission } from './roles'

export const sessionCookie = 'conveyor_session'

/** The token a request presents: the Authorization header first, then the browser's session cookie. */
export function presentedToken(c: Context): string | undefined {
  const header = c.req.header('authorization')
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match) throw new ApiError(401, 'unauthenticated', 'Authorization header must be "Bearer <token>"')
    return match[1]
  }
  return getCookie(c, sessionCookie) || undefined
}

export async function resolveCaller(service: ConveyorService, c: Context): Promise<Caller> {
  const secret = presentedToken(c)
  if (!secret) {
    c.header('WWW-Authenticate', 'Bearer')
    throw new ApiError(401, 'unauthenticated', 'Send a token: "Authorization: Bearer <token>"')
  }
  const token = await service.verifyToken(secret)
  if (!token) {
    c.header('WWW-Authenticate', 'Bearer error="invalid_token"')
    throw new ApiError(401, 'unauthenticated', 'The token is unknown or has been revoked')
  }
  return callerFromToken(token)
}

/** Authenticates the caller and checks that their role grants `permission`. */
export function requires(service: ConveyorService, permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const caller = await resolveCaller(service, c)
    if (!roleAllows(caller.role, permission)) {
      throw new ApiError(
        403,
        'forbidden',
        `This needs the ${lowestRoleFor(permission)} role or higher; your token has the ${caller.role} role`,
      )
    }
    c.set('caller', caller)
    await next()
  }
}
