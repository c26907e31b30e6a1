import { parse as parseCookies } from 'hono/utils/cookie'
import { sessionCookie } from '../auth/authenticate'

/**
 * The token a collaboration request presents: the session cookie (browsers cannot set headers on
 * a WebSocket) or a `token` query parameter (Node clients, or a page given a token explicitly).
 */
export function presentedToken(request: Request): string | undefined {
  const cookies = parseCookies(request.headers.get('cookie') ?? '', sessionCookie)
  return cookies[sessionCookie] || new URL(request.url).searchParams.get('token') || undefined
}

/**
 * Browsers send the page's origin with every WebSocket handshake and let any page open one, with
 * the user's cookies. Only pages served by this runtime (same host) or an origin the operator
 * allowed may connect; clients that are not browsers send no Origin and are allowed.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true
  if (allowed.includes(origin)) return true
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase()
  } catch {
    return false
  }
}
