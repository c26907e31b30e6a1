import { createRoute, z } from '@hono/zod-openapi'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json, optionalJsonBody } from '../schemas/common'
import { ApprovedResponse, DeploymentRequest, DeploymentRequestParams } from '../schemas/deployment-requests'
import { ReasonBody } from '../schemas/instances'
import { WorkflowIdParam } from '../schemas/workflows'
import { notReady } from './deployments'

const tags = ['Deployments']
const path = '/api/workflows/{id}/deployment-requests'

const list = createRoute({
  method: 'get',
  path,
  tags,
  summary: "A workflow's deploy requests, newest first",
  security: bearer,
  request: { params: WorkflowIdParam },
  responses: { 200: json(z.object({ items: z.array(DeploymentRequest) }), 'The requests'), ...errors(404) },
})

const get = createRoute({
  method: 'get',
  path: `${path}/{n}`,
  tags,
  summary: 'One deploy request with its diff',
  security: bearer,
  request: { params: DeploymentRequestParams },
  responses: { 200: json(DeploymentRequest, 'The request'), ...errors(404) },
})

const approve = createRoute({
  method: 'post',
  path: `${path}/{n}/approve`,
  tags,
  summary: 'Approve a pending deploy request, which deploys the revision it asked for',
  description:
    'Editors and above, except the person who requested it and anyone who saved the workflow since its ' +
    'deployed version (403). It deploys the document of the requested revision, whatever was saved since. ' +
    '409 when the request was decided already, or when another version was deployed since it was made (its ' +
    'diff would no longer say what approving changes); 422 when the revision is no longer ready to run (a ' +
    'secret it uses was deleted).',
  security: bearer,
  request: { params: DeploymentRequestParams },
  responses: {
    200: json(ApprovedResponse, 'The approved request and its deployment'),
    ...errors(404, 409, 422),
  },
})

const reject = createRoute({
  method: 'post',
  path: `${path}/{n}/reject`,
  tags,
  summary: 'Reject a pending deploy request; nothing is deployed',
  description: 'Editors and above, the requester too (withdrawing it). 409 when it was decided already.',
  security: bearer,
  request: { params: DeploymentRequestParams, body: optionalJsonBody(ReasonBody) },
  responses: { 200: json(DeploymentRequest, 'The rejected request'), ...errors(404, 409) },
})

export function deploymentRequestRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()

  router.openapi({ ...list, middleware: guards.read }, async (c) => {
    return c.json({ items: await service.listDeploymentRequests(c.req.valid('param').id) }, 200)
  })

  router.openapi({ ...get, middleware: guards.read }, async (c) => {
    const { id, n } = c.req.valid('param')
    return c.json(await service.getDeploymentRequest(id, n), 200)
  })

  router.openapi({ ...approve, middleware: guards.design }, async (c) => {
    const { id, n } = c.req.valid('param')
    const result = await service.approveDeploymentRequest(id, n, c.get('caller').actor)
    if (!result.ok) throw notReady(id, result.diagnostics)
    return c.json({ request: result.request, deployment: result.deployment }, 200)
  })

  router.openapi({ ...reject, middleware: guards.design }, async (c) => {
    const { id, n } = c.req.valid('param')
    const { reason } = c.req.valid('json')
    return c.json(await service.rejectDeploymentRequest(id, n, { reason, by: c.get('caller').actor }), 200)
  })

  return router
}
