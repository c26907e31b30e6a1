import { createRoute, z } from '@hono/zod-openapi'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { ApiToken, CreatedToken, CreateTokenBody } from '../schemas/admin'
import { errors, json, jsonBody } from '../schemas/common'
import { IdParam } from '../schemas/instances'

const tags = ['Tokens']

const list = createRoute({
  method: 'get',
  path: '/api/tokens',
  tags,
  summary: 'API tokens (never their secrets)',
  security: bearer,
  responses: { 200: json(z.object({ items: z.array(ApiToken) }), 'The tokens'), ...errors() },
})

const create = createRoute({
  method: 'post',
  path: '/api/tokens',
  tags,
  summary: 'Issue a token; its secret is in this response only',
  security: bearer,
  request: { body: jsonBody(CreateTokenBody) },
  responses: { 201: json(CreatedToken, 'The token and its secret'), ...errors(415) },
})

const revoke = createRoute({
  method: 'delete',
  path: '/api/tokens/{id}',
  tags,
  summary: 'Revoke a token',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(ApiToken, 'The revoked token'), ...errors(404) },
})

const me = createRoute({
  method: 'get',
  path: '/api/me',
  tags,
  summary: 'Who the presented token or session belongs to (names people in the editor)',
  security: bearer,
  responses: {
    200: json(z.object({ name: z.string(), role: ApiToken.shape.role }), 'The caller'),
    ...errors(),
  },
})

export function tokenRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()
  router.openapi({ ...me, middleware: guards.read }, async (c) => {
    const { name, role } = c.get('caller')
    return c.json({ name, role }, 200)
  })
  router.openapi({ ...list, middleware: guards.administer }, async (c) => {
    return c.json({ items: await service.listTokens() }, 200)
  })
  router.openapi({ ...create, middleware: guards.administer }, async (c) => {
    const { name, role } = c.req.valid('json')
    return c.json(await service.createToken({ name, role, by: c.get('caller').actor }), 201)
  })
  router.openapi({ ...revoke, middleware: guards.administer }, async (c) => {
    return c.json(await service.revokeToken(c.req.valid('param').id, c.get('caller').actor), 200)
  })
  return router
}
