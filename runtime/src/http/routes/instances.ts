import { createRoute } from '@hono/zod-openapi'
import { canSeeTask } from '../../auth/task-access'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json, jsonBody, optionalJsonBody, pageOf } from '../schemas/common'
import {
  IdParam,
  InstanceDetail,
  InstanceQuery,
  InstanceSummary,
  ReasonBody,
  StartInstanceBody,
  StartInstanceHeaders,
  StartInstanceResponse,
} from '../schemas/instances'
import { WorkflowIdParam } from '../schemas/workflows'

const tags = ['Instances']

const start = createRoute({
  method: 'post',
  path: '/api/workflows/{id}/instances',
  tags,
  summary: "Start an instance of the workflow's latest deployment",
  description:
    'With an `Idempotency-Key` header, repeating the request returns the original instance (200); ' +
    'the same key with another payload is a 422.',
  security: bearer,
  request: { params: WorkflowIdParam, headers: StartInstanceHeaders, body: jsonBody(StartInstanceBody) },
  responses: {
    201: json(StartInstanceResponse, 'Started'),
    200: json(StartInstanceResponse, 'Started earlier with the same idempotency key'),
    ...errors(404, 413, 415, 422),
  },
})

const list = createRoute({
  method: 'get',
  path: '/api/instances',
  tags,
  summary: 'List instances, newest first',
  security: bearer,
  request: { query: InstanceQuery },
  responses: { 200: json(pageOf(InstanceSummary), 'A page of instances'), ...errors() },
})

const get = createRoute({
  method: 'get',
  path: '/api/instances/{id}',
  tags,
  summary: "An instance's state, data and step history",
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(InstanceDetail, 'The instance'), ...errors(404) },
})

const cancel = createRoute({
  method: 'post',
  path: '/api/instances/{id}/cancel',
  tags,
  summary: 'Cancel a running instance',
  security: bearer,
  request: { params: IdParam, body: optionalJsonBody(ReasonBody) },
  responses: { 200: json(InstanceSummary, 'Cancelled'), ...errors(404, 409, 415) },
})

export function instanceRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()

  router.openapi({ ...start, middleware: guards.start }, async (c) => {
    const { id } = c.req.valid('param')
    const { trigger, input } = c.req.valid('json')
    const idempotencyKey = c.req.valid('header')['idempotency-key']
    const result = await service.startInstance({
      workflowId: id,
      trigger,
      input,
      idempotencyKey,
      by: c.get('caller').actor,
    })
    return c.json(result, result.created ? 201 : 200)
  })

  router.openapi({ ...list, middleware: guards.read }, async (c) => {
    return c.json(await service.listInstances(c.req.valid('query')), 200)
  })

  router.openapi({ ...get, middleware: guards.read }, async (c) => {
    const instance = await service.getInstance(c.req.valid('param').id)
    const caller = c.get('caller')
    return c.json(
      { ...instance, openTasks: instance.openTasks.filter((task) => canSeeTask(caller, task)) },
      200,
    )
  })

  router.openapi({ ...cancel, middleware: guards.operate }, async (c) => {
    const { reason } = c.req.valid('json')
    const instance = await service.cancelInstance(c.req.valid('param').id, {
      reason,
      by: c.get('caller').actor,
    })
    return c.json(instance, 200)
  })

  return router
}
