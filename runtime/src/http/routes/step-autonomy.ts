import { createRoute } from '@hono/zod-openapi'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json, jsonBody } from '../schemas/common'
import { SetStepAutonomy, StepAutonomyView, StepParams } from '../schemas/step-autonomy'

const tags = ['Autonomy']
const path = '/api/workflows/{id}/steps/{nodeId}/autonomy'

const get = createRoute({
  method: 'get',
  path,
  tags,
  summary: "An augment step's autonomy level, its accuracy figures and any pending promotion proposal",
  security: bearer,
  request: { params: StepParams },
  responses: { 200: json(StepAutonomyView, 'The autonomy in force'), ...errors(404) },
})

const set = createRoute({
  method: 'post',
  path,
  tags,
  summary:
    'Set the level (and threshold) for new visits, without a redeploy; approves a pending proposal for it',
  description: 'Audited as `autonomy.changed` with the figures at the time.',
  security: bearer,
  request: { params: StepParams, body: jsonBody(SetStepAutonomy) },
  responses: { 200: json(StepAutonomyView, 'The autonomy now in force'), ...errors(404, 415, 422) },
})

const decline = createRoute({
  method: 'post',
  path: `${path}/decline`,
  tags,
  summary: 'Decline the pending promotion proposal (audited)',
  security: bearer,
  request: { params: StepParams },
  responses: { 200: json(StepAutonomyView, 'The autonomy in force'), ...errors(404, 409) },
})

/** Who may change a step's autonomy: those who may change and deploy the workflow. */
export function stepAutonomyRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()
  router.openapi({ ...get, middleware: guards.read }, async (c) => {
    const { id, nodeId } = c.req.valid('param')
    return c.json(await service.getStepAutonomy(id, nodeId), 200)
  })
  router.openapi({ ...set, middleware: guards.design }, async (c) => {
    const { id, nodeId } = c.req.valid('param')
    return c.json(await service.setStepAutonomy(id, nodeId, c.req.valid('json'), c.get('caller').actor), 200)
  })
  router.openapi({ ...decline, middleware: guards.design }, async (c) => {
    const { id, nodeId } = c.req.valid('param')
    return c.json(await service.declineAutonomyProposal(id, nodeId, c.get('caller').actor), 200)
  })
  return router
}
