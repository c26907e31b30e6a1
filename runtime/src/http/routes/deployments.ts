import { createRoute, z } from '@hono/zod-openapi'
import { describeReadiness, type Diagnostic } from '@conveyor/shared'
import type { ConveyorService } from '../../service/types'
import { ApiError, validationError } from '../errors'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json, optionalJsonBody } from '../schemas/common'
import { DeployRequestedResponse } from '../schemas/deployment-requests'
import { DeployBody } from '../schemas/pilots'
import {
  Deployment,
  DeploymentParams,
  DeploymentSummary,
  DeployResponse,
  WorkflowIdParam,
} from '../schemas/workflows'

const tags = ['Deployments']

const deploy = createRoute({
  method: 'post',
  path: '/api/workflows/{id}/deployments',
  tags,
  summary: 'Validate and compile the stored document into a new, immutable deployment, or ask for one',
  description:
    'The server compiles the document itself. A workflow deploys only when it is ready to run: its map is ' +
    'complete (no `map` diagnostic with severity `error`) and nothing is left to set up (no `run` one). ' +
    'Otherwise 422 with `details.diagnostics`, each with its `level` and, where it has one, its `nodeId`. ' +
    "When the workflow's deploys need approval (`deploysNeedApproval`, by default when a step calls an " +
    'outside service), nothing is deployed yet: 202 with a pending request and its diff, which another ' +
    'person approves at `/api/workflows/{id}/deployment-requests/{n}/approve`. ' +
    'With a `pilot`, the deployment takes only its share or segment of new instances while the rest stay ' +
    'on the current version, and is rolled back at once when a guardrail is breached (see `/api/workflows/{id}/pilots`); ' +
    'a pilot waiting for approval starts when it is approved. 422 naming the field for a wrong pilot; 409 ' +
    '`pilot_running` for any deploy while a pilot of the workflow runs.',
  security: bearer,
  request: { params: WorkflowIdParam, body: optionalJsonBody(DeployBody) },
  responses: {
    201: json(DeployResponse, 'The new deployment'),
    202: json(DeployRequestedResponse, 'A deploy request waiting for another person'),
    ...errors(404, 409, 422),
  },
})

const list = createRoute({
  method: 'get',
  path: '/api/workflows/{id}/deployments',
  tags,
  summary: "A workflow's deployments, newest first",
  security: bearer,
  request: { params: WorkflowIdParam },
  responses: {
    200: json(z.object({ items: z.array(DeploymentSummary) }), 'The deployments'),
    ...errors(404),
  },
})

const get = createRoute({
  method: 'get',
  path: '/api/workflows/{id}/deployments/{version}',
  tags,
  summary: 'One deployment with its compiled machine',
  security: bearer,
  request: { params: DeploymentParams },
  responses: { 200: json(Deployment, 'The deployment'), ...errors(404) },
})

export function deploymentRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()

  router.openapi(
    { ...deploy, middleware: guards.design },
    async (c) => {
      const { id } = c.req.valid('param')
      const { pilot } = c.req.valid('json')
      const result = await service.requestDeploy(id, c.get('caller').actor, pilot ? { pilot } : {})
      if (!result.ok) throw notReady(id, result.diagnostics)
      if ('request' in result)
        return c.json({ request: result.request, diagnostics: result.diagnostics }, 202)
      return c.json({ deployment: result.deployment, diagnostics: result.diagnostics }, 201)
    },
    // A pilot that does not fit is invalid content (422 naming the field), like a document that does not.
    (result) => {
      if (result.success) return undefined
      const wrong = validationError(result.error, result.target)
      if (result.target !== 'json') throw wrong
      throw new ApiError(422, 'invalid', wrong.message, wrong.details)
    },
  )

  router.openapi({ ...list, middleware: guards.read }, async (c) => {
    return c.json({ items: await service.listDeployments(c.req.valid('param').id) }, 200)
  })

  router.openapi({ ...get, middleware: guards.read }, async (c) => {
    const { id, version } = c.req.valid('param')
    return c.json(await service.getDeployment(`${id}@${version}`), 200)
  })

  return router
}

/** The 422 of a workflow (or a requested revision of it) that is not ready to run. */
export function notReady(workflowId: string, diagnostics: Diagnostic[]): ApiError {
  return new ApiError(
    422,
    'invalid_workflow',
    `Workflow "${workflowId}" cannot be deployed yet: ${describeReadiness(diagnostics)}`,
    { diagnostics },
  )
}
