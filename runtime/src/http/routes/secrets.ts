import { createRoute, z } from '@hono/zod-openapi'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { CreateSecretBody, ReplaceSecretBody, SecretNameParam, SecretSummary } from '../schemas/admin'
import { errors, json, jsonBody } from '../schemas/common'

const tags = ['Secrets']
const noValues = 'No route ever returns a value: connectors reference a secret as `{{secret:NAME}}`.'

const list = createRoute({
  method: 'get',
  path: '/api/secrets',
  tags,
  summary: 'The secrets connectors may reference (names only)',
  description: noValues,
  security: bearer,
  responses: { 200: json(z.object({ items: z.array(SecretSummary) }), 'The secrets'), ...errors() },
})

const create = createRoute({
  method: 'post',
  path: '/api/secrets',
  tags,
  summary: 'Store a new secret (operators and admins)',
  description: noValues,
  security: bearer,
  request: { body: jsonBody(CreateSecretBody) },
  responses: { 201: json(SecretSummary, 'The secret, without its value'), ...errors(409, 415) },
})

const replace = createRoute({
  method: 'put',
  path: '/api/secrets/{name}',
  tags,
  summary: "Set a secret's value, creating it when missing (operators and admins)",
  description: noValues,
  security: bearer,
  request: { params: SecretNameParam, body: jsonBody(ReplaceSecretBody) },
  responses: {
    200: json(SecretSummary, 'The replaced secret, without its value'),
    201: json(SecretSummary, 'The new secret, without its value'),
    ...errors(415),
  },
})

const remove = createRoute({
  method: 'delete',
  path: '/api/secrets/{name}',
  tags,
  summary: 'Delete a secret (operators and admins)',
  security: bearer,
  request: { params: SecretNameParam },
  responses: { 204: { description: 'Deleted' }, ...errors(404) },
})

export function secretRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()
  router.openapi({ ...list, middleware: guards.read }, async (c) => {
    return c.json({ items: await service.listSecrets() }, 200)
  })
  router.openapi({ ...create, middleware: guards.operate }, async (c) => {
    const { name, value } = c.req.valid('json')
    const { secret } = await service.setSecret({ name, value, by: c.get('caller').actor })
    return c.json(secret, 201)
  })
  router.openapi({ ...replace, middleware: guards.operate }, async (c) => {
    const { name } = c.req.valid('param')
    const { value } = c.req.valid('json')
    const set = await service.setSecret({ name, value, by: c.get('caller').actor, mode: 'replace' })
    return set.created ? c.json(set.secret, 201) : c.json(set.secret, 200)
  })
  router.openapi({ ...remove, middleware: guards.operate }, async (c) => {
    await service.deleteSecret(c.req.valid('param').name, c.get('caller').actor)
    return c.body(null, 204)
  })
  return router
}
