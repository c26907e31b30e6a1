import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from './content-security-policy'
import { startFullServer, type FullServer } from './test-support/full-server'

let full: FullServer

beforeAll(async () => {
  full = await startFullServer()
})
afterAll(() => full.close())

/** The policy's directives by name. */
function directivesOf(policy: string | null): Map<string, string[]> {
  expect(policy, 'no Content-Security-Policy header').toBeTruthy()
  return new Map(
    policy!.split(';').map((directive) => {
      const [name, ...values] = directive.trim().split(/\s+/)
      return [name!, values] as const
    }),
  )
}

describe('Content-Security-Policy', () => {
  it.each(['/', '/workflows/order-to-cash', '/api/docs', '/api/docs/assets/start.js'])(
    '%s runs only this server’s own code, cannot be framed and connects only to its own host',
    async (path) => {
      const response = await fetch(full.origin + path)
      expect(response.status).toBe(200)
      const policy = directivesOf(response.headers.get('content-security-policy'))
      const host = new URL(full.origin).host
      expect(policy.get('default-src')).toEqual(["'self'"])
      expect(policy.get('script-src')).toEqual(["'self'"])
      expect(policy.get('worker-src')).toEqual(["'self'"])
      expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"])
      expect(policy.get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`])
      expect(policy.get('img-src')).toEqual(["'self'", 'data:'])
      expect(policy.get('object-src')).toEqual(["'none'"])
      expect(policy.get('base-uri')).toEqual(["'none'"])
      expect(policy.get('frame-ancestors')).toEqual(["'none'"])
    },
  )

  it('the API reference loads nothing from elsewhere and sends no address to the Swagger validator', async () => {
    const page = await (await fetch(`${full.origin}/api/docs`)).text()
    for (const [, reference] of page.matchAll(/(?:src|href)="([^"]+)"/g))
      expect(reference).toMatch(/^\/api\/docs\//)
    const start = await (await fetch(`${full.origin}/api/docs/assets/start.js`)).text()
    expect(start).toContain('validatorUrl: null')
  })

  it('names no socket host that is not a plain host name, so a forged Host cannot add directives', () => {
    for (const host of ["evil.test; script-src 'unsafe-inline'", 'evil.test *', 'a b', '']) {
      const policy = directivesOf(contentSecurityPolicy(host))
      expect(policy.get('connect-src')).toEqual(["'self'"])
      expect(policy.get('script-src')).toEqual(["'self'"])
    }
    expect(directivesOf(contentSecurityPolicy('[::1]:3000')).get('connect-src')).toEqual([
      "'self'",
      'ws://[::1]:3000',
      'wss://[::1]:3000',
    ])
  })
})
