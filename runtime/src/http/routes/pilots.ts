import { createRoute, z } from '@hono/zod-openapi'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json, optionalJsonBody } from '../schemas/common'
import { PilotView, RollbackBody } from '../schemas/pilots'
import { DeploymentParams, WorkflowIdParam } from '../schemas/workflows'

const tags = ['Pilots']

const list = createRoute({
  method: 'get',
  path: '/api/workflows/{id}/pilots',
  tags,
  summary: "A workflow's pilots, newest first, each compared with its baseline on its guardrails",
  description:
    'The baseline is the version that was current when the pilot started; its items are the instances ' +
    'of that version started since then.',
  security: bearer,
  request: { params: WorkflowIdParam },
  responses: { 200: json(z.object({ pilots: z.array(PilotView) }), 'The pilots'), ...errors(404) },
})

const promote = createRoute({
  method: 'post',
  path: '/api/workflows/{id}/deployments/{version}/promote',
  tags,
  summary: 'Make a running pilot the current version for all new instances',
  description: 'Audited as `pilot.promoted` with the comparison. 409 `pilot_not_running` once it ended.',
  security: bearer,
  request: { params: DeploymentParams },
  responses: { 200: json(PilotView, 'The promoted pilot'), ...errors(404, 409) },
})

const rollback = createRoute({
  method: 'post',
  path: '/api/workflows/{id}/deployments/{version}/rollback',
  tags,
  summary: 'Roll a running pilot back: no new instance goes to it; its running instances finish on it',
  description:
    'Audited as `pilot.rolled-back` with the reason and the comparison. 409 `pilot_not_running` once it ended.',
  security: bearer,
  request: { params: DeploymentParams, body: optionalJsonBody(RollbackBody) },
  responses: { 200: json(PilotView, 'The rolled-back pilot'), ...errors(404, 409) },
})

/** Reading is for everyone; promoting and rolling back take the role that deploys. */
export function pilotRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()
  router.openapi({ ...list, middleware: guards.read }, async (c) => {
    return c.json({ pilots: await service.listPilots(c.req.valid('param').id) }, 200)
  })
  router.openapi({ ...promote, middleware: guards.design }, async (c) => {
    const { id, version } = c.req.valid('param')
    return c.json(await service.promotePilot(id, version, c.get('caller').actor), 200)
  })
  router.openapi({ ...rollback, middleware: guards.design }, async (c) => {
    const { id, version } = c.req.valid('param')
    const { reason } = c.req.valid('json')
    return c.json(await service.rollBackPilot(id, version, { reason, by: c.get('caller').actor }), 200)
  })
  return router
}
