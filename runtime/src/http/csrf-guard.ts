import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { editorRequestHeader } from '@conveyor/shared/protocol/editor-request'
import { sessionCookie } from '../auth/authenticate'
import { ApiError } from './errors'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The request's own origin as the browser names it: the scheme (from `X-Forwarded-Proto` when a
 * proxy in front ends TLS) with the Host header's name and port.
 */
function ownOrigin(c: Context): string | undefined {
  const host = c.req.header('host')
  if (!host) return undefined
  const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim()
  const scheme = forwarded || new URL(c.req.url).protocol.slice(0, -1)
  try {
    return new URL(`${scheme}://${host}`).origin
  } catch {
    return undefined
  }
}

/**
 * Cross-site request forgery guard for /api. A browser sends the session cookie with requests any
 * page makes, and `SameSite=Strict` does not stop pages on another port of the same host (that is
 * the same site). So a request that changes something and is signed in by the cookie alone must
 * show it comes from the runtime's own pages: an `Origin` equal to its own origin, or the header
 * the editor sends. Requests with an `Authorization` header are not affected: that credential is
 * sent on purpose, never added by a browser on its own.
 */
export const refuseCrossSiteRequests: MiddlewareHandler = async (c, next) => {
  if (safeMethods.has(c.req.method) || c.req.header('authorization') || !getCookie(c, sessionCookie)) {
    return next()
  }
  if (c.req.header(editorRequestHeader) !== undefined) return next()
  const origin = c.req.header('origin')
  const own = ownOrigin(c)
  if (origin !== undefined && origin === own) return next()
  throw new ApiError(
    403,
    'forbidden_origin',
    `A ${c.req.method} signed in by the session cookie must come from this runtime's own pages ` +
      `(Origin ${own ?? 'of this server'}); it came from ${origin ?? 'a page that sent no Origin'}. ` +
      'Scripts and other clients send "Authorization: Bearer <token>" instead.',
  )
}
