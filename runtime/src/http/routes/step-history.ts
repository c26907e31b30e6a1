import { createRoute } from '@hono/zod-openapi'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { errors, json } from '../schemas/common'
import { StepHistory, StepHistoryParams, StepHistoryQuery } from '../schemas/step-history'

const get = createRoute({
  method: 'get',
  path: '/api/workflows/{id}/steps/{nodeId}/history',
  tags: ['Audit'],
  summary: "A step's history in words: every switch, promotion, demotion and pilot, newest first",
  description:
    'The audit rows about the step (`step.switched-*`, `autonomy.*`) and about the workflow’s pilots (`pilot.*`), each told with who and the figures behind it.',
  security: bearer,
  request: { params: StepHistoryParams, query: StepHistoryQuery },
  responses: { 200: json(StepHistory, 'The lines, newest first'), ...errors(404) },
})

/** Everyone who may read the workflow reads what happened to its steps, as the canvas shows it. */
export function stepHistoryRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()
  router.openapi({ ...get, middleware: guards.read }, async (c) => {
    const { id, nodeId } = c.req.valid('param')
    return c.json(await service.getStepHistory(id, nodeId, c.req.valid('query').limit), 200)
  })
  return router
}
