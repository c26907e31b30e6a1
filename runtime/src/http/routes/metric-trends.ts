import { createRoute, z } from '@hono/zod-openapi'
import { trendBucket } from '../../metrics/trend-window'
import { trendsCsv } from '../../metrics/trends-csv'
import { InvalidError } from '../../service/errors'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { errors } from '../schemas/common'
import { trendFormats, TrendsQuery, WorkflowTrends } from '../schemas/metric-trends'
import { WorkflowIdParam } from '../schemas/workflows'

const workflowTrends = createRoute({
  method: 'get',
  path: '/api/workflows/{id}/metrics/trends',
  tags: ['Metrics'],
  summary: 'Per day or week, the figures of the items that ended in it',
  security: bearer,
  request: { params: WorkflowIdParam, query: TrendsQuery },
  responses: {
    200: {
      description: 'One row per bucket, oldest first, empty buckets included',
      content: {
        'application/json': { schema: WorkflowTrends },
        'text/csv': { schema: z.string() },
      },
    },
    ...errors(404, 422),
  },
})

/** CSV when `format=csv`, or when no format is named and the caller accepts CSV. */
function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  if (format === undefined) return accept?.includes('text/csv') ?? false
  if ((trendFormats as readonly string[]).includes(format)) return format === 'csv'
  const message = `must be ${trendFormats.map((known) => `"${known}"`).join(' or ')}`
  throw new InvalidError(`"format" ${message}`, [{ path: 'format', message }])
}

export function metricTrendRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()
  router.openapi({ ...workflowTrends, middleware: guards.read }, async (c) => {
    const { id } = c.req.valid('param')
    const { bucket, from, to, format } = c.req.valid('query')
    const csv = wantsCsv(format, c.req.header('accept'))
    const trends = await service.getWorkflowTrends(id, { bucket: trendBucket(bucket), from, to })
    if (!csv) return c.json(trends, 200)
    return c.body(trendsCsv(trends), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${id}-trends-by-${trends.bucket}.csv"`,
    })
  })
  return router
}
