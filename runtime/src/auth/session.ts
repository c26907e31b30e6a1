import type { MiddlewareHandler } from 'hono'
import { setCookie } from 'hono/cookie'
import type { ConveyorService } from '../service/types'
import { sessionCookie } from './authenticate'

/**
 * Opening `/?token=…` (the link printed at first start) signs the browser in: the token moves into
 * an HttpOnly, SameSite=Strict cookie and the page reloads without it, so it leaves the address bar
 * and the history. An unknown token gets a page saying so.
 */
export function signInFromLink(service: ConveyorService): MiddlewareHandler {
  return async (c, next) => {
    const token = c.req.query('token')
    if (c.req.method !== 'GET' || !token) return next()
    const url = new URL(c.req.url)
    url.searchParams.delete('token')
    const known = await service.verifyToken(token)
    if (!known) {
      return c.html(
        '<!doctype html><title>Conveyor</title><p>That sign-in link is not valid (any more). Ask an admin for a new token.</p>',
        401,
      )
    }
    const secure = url.protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
    setCookie(c, sessionCookie, token, {
      httpOnly: true,
      sameSite: 'Strict',
      secure,
      path: '/',
      maxAge: 60 * 60 * 24 * 30,
    })
    c.header('Referrer-Policy', 'no-referrer')
    return c.redirect(url.pathname + url.search, 303)
  }
}
