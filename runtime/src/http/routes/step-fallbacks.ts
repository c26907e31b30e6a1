import { createRoute, z } from '@hono/zod-openapi'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json, jsonBody } from '../schemas/common'
import { FallbackStepParams, SetStepFallback, StepFallbackView } from '../schemas/step-fallback'
import { WorkflowIdParam } from '../schemas/workflows'

const tags = ['Fallback']
const path = '/api/workflows/{id}/steps/{nodeId}/fallback'

const list = createRoute({
  method: 'get',
  path: '/api/workflows/{id}/fallbacks',
  tags,
  summary: 'Every step of the latest deployment that can fall back to people, manual or not',
  security: bearer,
  request: { params: WorkflowIdParam },
  responses: {
    200: json(z.object({ items: z.array(StepFallbackView) }), 'The steps'),
    ...errors(404),
  },
})

const get = createRoute({
  method: 'get',
  path,
  tags,
  summary: "Whether a step is switched to manual, since when, by whom and why, and its breaker's count",
  security: bearer,
  request: { params: FallbackStepParams },
  responses: { 200: json(StepFallbackView, 'The step'), ...errors(404, 422) },
})

const set = createRoute({
  method: 'post',
  path,
  tags,
  summary: 'Switch a step to manual (its work goes to its fallback lane) or back to automatic',
  description:
    'Holds for the step in every deployment of the workflow, for new visits; switched to manual, items ' +
    'waiting for a retry of its call become tasks too. Audited as `step.switched-to-manual` or ' +
    '`step.switched-to-automatic` with the reason.',
  security: bearer,
  request: { params: FallbackStepParams, body: jsonBody(SetStepFallback) },
  responses: { 200: json(StepFallbackView, 'The step now'), ...errors(404, 415, 422) },
})

/** Reading is for everyone; switching is for operators and admins, who run the workflows. */
export function stepFallbackRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()
  router.openapi({ ...list, middleware: guards.read }, async (c) => {
    return c.json({ items: await service.listStepFallbacks(c.req.valid('param').id) }, 200)
  })
  router.openapi({ ...get, middleware: guards.read }, async (c) => {
    const { id, nodeId } = c.req.valid('param')
    return c.json(await service.getStepFallback(id, nodeId), 200)
  })
  router.openapi({ ...set, middleware: guards.operate }, async (c) => {
    const { id, nodeId } = c.req.valid('param')
    return c.json(await service.setStepFallback(id, nodeId, c.req.valid('json'), c.get('caller').actor), 200)
  })
  return router
}
