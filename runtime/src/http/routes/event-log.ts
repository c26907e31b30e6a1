import { createRoute, z } from '@hono/zod-openapi'
import { eventLogFormats } from '@conveyor/shared/protocol/event-log'
import { stream } from 'hono/streaming'
import type { ConveyorService } from '../../service/types'
import { bearer, createRouter, type Guards } from '../router'
import { errors } from '../schemas/common'
import { WorkflowIdParam } from '../schemas/workflows'

// Checked by the service, not here: an unknown format or time is a 422 naming it and what is known.
const EventLogQuery = z.object({
  format: z
    .string()
    .max(20)
    .optional()
    .openapi({ description: `One of: ${eventLogFormats.join(', ')}`, example: 'ocel' }),
  from: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: 'Events at or after this ISO 8601 time', example: '2026-01-01T00:00:00Z' }),
  to: z
    .string()
    .max(40)
    .optional()
    .openapi({ description: 'Events before this ISO 8601 time', example: '2026-02-01T00:00:00Z' }),
})

const eventLog = createRoute({
  method: 'get',
  path: '/api/workflows/{id}/event-log',
  tags: ['Metrics'],
  summary: 'The event log for process mining: OCEL 2.0 JSON or IEEE XES, streamed as a download',
  description:
    '`ocel`: items, tasks, suggestions and people as objects, each event related to them. `xes`: one ' +
    'trace per item. Filtered to events in [from, to).',
  security: bearer,
  request: { params: WorkflowIdParam, query: EventLogQuery },
  responses: {
    200: {
      description: 'The log, as an attachment (`.jsonocel` or `.xes`)',
      content: {
        'application/json': { schema: z.object({}).passthrough().openapi({ description: 'OCEL 2.0 JSON' }) },
        'application/xml': { schema: z.string().openapi({ description: 'IEEE 1849 XES' }) },
      },
    },
    ...errors(404, 422),
  },
})

export function eventLogRoutes(service: ConveyorService, guards: Guards) {
  const router = createRouter()
  router.openapi({ ...eventLog, middleware: guards.read }, async (c) => {
    const { id } = c.req.valid('param')
    const download = await service.exportEventLog(id, c.req.valid('query'))
    c.header('Content-Type', download.contentType)
    c.header('Content-Disposition', `attachment; filename="${download.fileName}"`)
    c.header('Cache-Control', 'no-store')
    return stream(
      c,
      async (out) => {
        // One page per chunk; awaiting each write lets a slow reader hold back the next read.
        for await (const chunk of download.chunks) {
          if (out.aborted) return
          if (chunk) await out.write(chunk)
        }
      },
      async (error) => {
        // Headers are gone: the client sees a cut-off file, the log says why (never the query).
        console.error(`GET /api/workflows/${id}/event-log failed while streaming:`, error.message)
      },
    )
  })
  return router
}
