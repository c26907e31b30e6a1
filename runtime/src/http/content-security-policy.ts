import type { MiddlewareHandler } from 'hono'

/** A Host header this policy may name: a DNS name or an IP address, with an optional port. */
const plainHost = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i

/**
 * The policy of every page the runtime serves (the editor, /api/docs, its own small pages): code
 * only from this server, never inline, never from a CDN. Styles may be inline because React Flow,
 * Monaco and Swagger UI position and theme elements with `style` attributes and injected style
 * elements. Monaco's workers are this server's own scripts. The live document's WebSocket is this
 * same host, named explicitly because not every browser counts ws:/wss: as 'self'.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const sameHostSockets = host && plainHost.test(host) ? ` ws://${host} wss://${host}` : ''
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self'${sameHostSockets}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Sets the policy on every response: pages, and the scripts that run as workers, which carry their own. */
export const applyContentSecurityPolicy: MiddlewareHandler = async (c, next) => {
  await next()
  c.res.headers.set('Content-Security-Policy', contentSecurityPolicy(c.req.header('host')))
}
