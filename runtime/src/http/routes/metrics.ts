import { createRoute, z } from '@hono/zod-openapi'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { MetricsQuery, WorkflowMetrics } from '../schemas/admin'
import { errors, json } from '../schemas/common'
import { WorkflowIdParam } from '../schemas/workflows'

const workflowMetrics = createRoute({
  method: 'get',
  path: '/api/workflows/{id}/metrics',
  tags: ['Metrics'],
  summary: 'Measurements of a workflow and each of its steps, from the event log',
  security: bearer,
  request: { params: WorkflowIdParam, query: MetricsQuery },
  responses: { 200: json(WorkflowMetrics, 'The measurements'), ...errors(404) },
})

const prometheus = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['Metrics'],
  summary: 'Every workflow in Prometheus text format',
  security: bearer,
  responses: {
    200: { description: 'Prometheus text exposition', content: { 'text/plain': { schema: z.string() } } },
    ...errors(),
  },
})

export function metricRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()
  router.openapi({ ...workflowMetrics, middleware: guards.read }, async (c) => {
    const { id } = c.req.valid('param')
    return c.json(await service.getWorkflowMetrics(id, c.req.valid('query')), 200)
  })
  router.openapi({ ...prometheus, middleware: guards.read }, async (c) => {
    const text = await service.renderPrometheusMetrics()
    return c.text(text, 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' })
  })
  return router
}
